import { describe, expect, it } from 'vitest';
import { formatDueTime } from '../../src/handoff/due-format.js';
import { SLA_TIMERS_KEY } from '../../src/handoff/sla-timers.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { TestClock, texts } from '../helpers/core-harness.js';
import { createHandoffHarness } from '../helpers/handoff-harness.js';

describe('escalation to a person', () => {
  it.each([
    ['en', 'hi', 'talk to a person', 'Europe/London'],
    ['es', 'hola', 'quiero hablar con una persona', 'America/Mexico_City'],
    ['ar', 'مرحبا', 'ابي اكلم موظف', 'Asia/Riyadh'],
  ] as const)('in %s: tells the user the ticket number and the deadline in their time zone', async (language, greeting, ask, timeZone) => {
    const { user, translator, setup, clock } = await createHandoffHarness();
    const u = user('c1', { timeZone });
    await u.say(greeting);
    const out = await u.say(ask);
    const due = new Date(clock.now().getTime() + 24 * 3_600_000);
    expect(out).toEqual([translator.t(language, 'handoff.queued', { ticket: 'LC-000001', due: formatDueTime(due, language, timeZone) })]);
    const state = await u.state();
    expect(state?.mode).toBe('waiting');
    expect(state?.ticketId).toBe('LC-000001');
    const ticket = await setup.tickets.get('LC-000001');
    expect(ticket).toMatchObject({ status: 'open', priority: 'normal', language, channel: 'web', conversationId: 'c1', reason: 'user-request', dueAt: due.toISOString() });
    expect(ticket?.lastMessages.at(-1)?.text).toBe(ask);
  });

  it('asking twice gives one open ticket, and the bot says it already exists', async () => {
    const { user, translator, setup, clock } = await createHandoffHarness();
    const u = user();
    await u.say('hi');
    await u.say('talk to a person');
    const again = await u.say('I want to talk to a human');
    const due = formatDueTime(new Date(clock.now().getTime() + 24 * 3_600_000), 'en', undefined);
    expect(again).toEqual([translator.t('en', 'handoff.alreadyOpen', { ticket: 'LC-000001', due })]);
    expect((await setup.tickets.listOpen()).map((ticket) => ticket.id)).toEqual(['LC-000001']);
  });

  it('two processes escalating the same conversation at once create one ticket', async () => {
    const { setup } = await createHandoffHarness();
    const input = (n: number) => ({
      channel: 'web' as const,
      conversationId: 'race',
      conversationKey: 'web:race',
      language: 'en' as const,
      priority: 'normal' as const,
      reason: 'user-request',
      customer: { id: 'u' },
      facts: {},
      lastMessages: [],
      sourceMessageId: `web:m${n}`,
    });
    const results = await Promise.all([1, 2, 3, 4].map((n) => setup.tickets.create(input(n))));
    expect(new Set(results.map((result) => result.ticket.id)).size).toBe(1);
    expect(results.filter((result) => result.created)).toHaveLength(1);
    expect(await setup.tickets.listOpen()).toHaveLength(1);
  });

  it('acknowledges a waiting customer once, not after every message, and again after 30 minutes', async () => {
    const { user, translator, clock } = await createHandoffHarness();
    const u = user();
    await u.say('talk to a person');
    const ack = translator.t('en', 'handoff.ack', { ticket: 'LC-000001' });
    expect(await u.say('hello? the lock in room 204 blinks red')).toEqual([ack]);
    expect(await u.say('anyone there?')).toEqual([]);
    clock.advance(10 * 60_000);
    expect(await u.say('still waiting')).toEqual([]);
    clock.advance(21 * 60_000);
    expect(await u.say('hello again')).toEqual([ack]);
  });

  it('after an agent replies the bot stays quiet while the customer answers', async () => {
    const { user, setup, clock } = await createHandoffHarness();
    const u = user();
    await u.say('talk to a person');
    await setup.desk.claim('LC-000001', 'maria');
    await setup.desk.reply('LC-000001', 'maria', 'Hi, which lock model is it?');
    expect((await u.state())?.mode).toBe('agent');
    expect(await u.say('It is the RF-200')).toEqual([]);
    clock.advance(5 * 60_000);
    expect(await u.say('the one with the card reader')).toEqual([]);
    expect((await setup.tickets.get('LC-000001'))?.status).toBe('assigned');
  });

  it('media sent while waiting is attached to the ticket, size- and type-checked', async () => {
    const { user, translator, setup } = await createHandoffHarness({ env: { MEDIA_MAX_BYTES: '1000' } });
    const u = user();
    await u.say('talk to a person');
    const photo = await u.send('', { content: { type: 'media', media: { kind: 'image', mimeType: 'image/jpeg', dataBase64: Buffer.from('jpeg-bytes').toString('base64') }, text: 'display' } });
    expect(texts(photo)).toEqual([translator.t('en', 'handoff.mediaAttached', { ticket: 'LC-000001' })]);
    const big = await u.send('', { content: { type: 'media', media: { kind: 'video', mimeType: 'video/mp4', sizeBytes: 5000, url: 'https://example.test/v.mp4' } } });
    expect(texts(big)).toEqual([translator.t('en', 'handoff.mediaTooLarge', { max: 0 })]);
    const exe = await u.send('', { content: { type: 'media', media: { kind: 'file', mimeType: 'application/x-msdownload', sizeBytes: 10 } } });
    expect(texts(exe)).toEqual([translator.t('en', 'handoff.mediaUnsupported')]);
    const ticket = await setup.tickets.get('LC-000001');
    expect(ticket?.media).toHaveLength(1);
    expect(ticket?.media[0]).toMatchObject({ kind: 'image', mimeType: 'image/jpeg', stored: true, caption: 'display' });
    expect(await setup.tickets.loadMedia('LC-000001', 0)).toBe(Buffer.from('jpeg-bytes').toString('base64'));
  });

  it('a turn re-run after a store conflict attaches the photo once', async () => {
    const clock = new TestClock();
    /** Another process writes the conversation while the photo's turn runs, once per armed turn. */
    class RacingStore extends MemoryStore {
      armed = false;
      override async compareAndSetWithAppend(...args: Parameters<MemoryStore['compareAndSetWithAppend']>) {
        if (this.armed) {
          this.armed = false;
          const current = await this.getVersioned(args[0]);
          if (current) await this.compareAndSet(args[0], current.version, current.value);
        }
        return super.compareAndSetWithAppend(...args);
      }
    }
    const store = new RacingStore(() => clock.now().getTime());
    const { user, setup, translator } = await createHandoffHarness({ store, clock });
    const u = user();
    await u.say('talk to a person');
    store.armed = true;
    const photo = await u.send('', { content: { type: 'media', media: { kind: 'image', mimeType: 'image/jpeg', dataBase64: Buffer.from('jpeg').toString('base64') } } });
    expect(store.armed).toBe(false);
    expect(texts(photo)).toEqual([translator.t('en', 'handoff.mediaAttached', { ticket: 'LC-000001' })]);
    const ticket = await setup.tickets.get('LC-000001');
    expect(ticket?.media.map((item) => item.index)).toEqual([0]);
    // A second photo (another message) is a second attachment.
    await u.send('', { content: { type: 'media', media: { kind: 'image', mimeType: 'image/jpeg', dataBase64: Buffer.from('jpeg2').toString('base64') } } });
    expect((await setup.tickets.get('LC-000001'))?.media.map((item) => item.index)).toEqual([0, 1]);
  });

  it('a photo sent to the bot opens a ticket with the photo attached', async () => {
    const { user, setup } = await createHandoffHarness();
    const u = user();
    await u.say('hola');
    const out = await u.send('', { content: { type: 'media', media: { kind: 'image', mimeType: 'image/png', sizeBytes: 100, url: 'https://example.test/p.png' } } });
    expect(out[0]?.reply.type).toBe('handoff');
    const ticket = await setup.tickets.get('LC-000001');
    expect(ticket).toMatchObject({ reason: 'media', language: 'es' });
    expect(ticket?.media).toHaveLength(1);
  });

  it('"cancel" while waiting asks first; the confirmed answer cancels the ticket, stops its clock and brings the menu back', async () => {
    const { user, translator, setup, store } = await createHandoffHarness();
    const u = user();
    await u.say('hola');
    await u.say('hablar con una persona');
    const asked = await u.send('cancelar');
    expect(asked.map((message) => message.reply)).toEqual([
      {
        type: 'text',
        text: translator.t('es', 'handoff.cancelConfirm', { ticket: 'LC-000001' }),
        choices: [
          { title: translator.t('es', 'handoff.cancelYes'), value: 'handoff:cancel-ticket' },
          { title: translator.t('es', 'handoff.cancelKeep'), value: 'handoff:keep-ticket' },
        ],
      },
    ]);
    expect((await setup.tickets.get('LC-000001'))?.status).toBe('open');
    const out = await u.say('1');
    expect(out[0]).toBe(translator.t('es', 'handoff.cancelled', { ticket: 'LC-000001' }));
    expect(out.at(-1)).toBe(translator.t('es', 'menu.anythingElse'));
    expect((await setup.tickets.get('LC-000001'))?.status).toBe('cancelled');
    expect(await store.sortedAll(SLA_TIMERS_KEY)).toEqual([]);
    expect((await u.state())?.mode).toBe('bot');
    expect(await setup.tickets.listOpen()).toEqual([]);
  });

  it.each([
    ['en', 'talk to a person', 'stop', 'Keep waiting'],
    ['es', 'hablar con una persona', 'salir', 'seguir esperando'],
    ['ar', 'ابي اكلم موظف', 'توقف', '2'],
  ] as const)('in %s, after "%s", a bare stop word ("%s") asks before cancelling, and "keep waiting" keeps the ticket', async (language, ask, stop, keep) => {
    const { user, translator, setup } = await createHandoffHarness();
    const u = user();
    await u.say(ask);
    expect(await u.say(stop)).toEqual([translator.t(language, 'handoff.cancelConfirm', { ticket: 'LC-000001' })]);
    expect(await u.say(keep)).toEqual([translator.t(language, 'handoff.cancelKept', { ticket: 'LC-000001' })]);
    expect((await setup.tickets.get('LC-000001'))?.status).toBe('open');
    expect((await u.state())?.mode).toBe('waiting');
  });

  it.each([
    ['en', 'talk to a person', 'cancel', 'Cancel the ticket'],
    ['es', 'hablar con una persona', 'cancelar', 'cancelar'],
    ['ar', 'ابي اكلم موظف', 'إلغاء', 'إلغاء التذكرة'],
  ] as const)('in %s, "%s" then the confirming answer cancels the ticket', async (language, ask, cancel, confirm) => {
    const { user, translator, setup } = await createHandoffHarness();
    const u = user();
    await u.say(ask);
    await u.say(cancel);
    const out = await u.say(confirm);
    expect(out[0]).toBe(translator.t(language, 'handoff.cancelled', { ticket: 'LC-000001' }));
    expect((await setup.tickets.get('LC-000001'))?.status).toBe('cancelled');
  });

  it.each([
    ['ar', 'ابي اكلم موظف', 'خلاص'],
    ['es', 'hablar con una persona', 'para'],
  ] as const)('in %s, "%s" then "%s" does not touch the ticket (it is only acknowledged)', async (language, ask, word) => {
    const { user, translator, setup } = await createHandoffHarness();
    const u = user();
    await u.say(ask);
    expect(await u.say(word)).toEqual([translator.t(language, 'handoff.ack', { ticket: 'LC-000001' })]);
    expect((await setup.tickets.get('LC-000001'))?.status).toBe('open');
    expect((await u.state())?.mode).toBe('waiting');
  });

  it.each([
    ['en', 'talk to a person', 'help'],
    ['es', 'hablar con una persona', 'ayuda'],
    ['ar', 'ابي اكلم موظف', 'مساعدة'],
  ] as const)('in %s, "help" while a ticket is open says how to reach the person and how to cancel', async (language, ask, help) => {
    const { user, translator } = await createHandoffHarness();
    const u = user();
    await u.say(ask);
    expect(await u.say(help)).toEqual([translator.t(language, 'handoff.help', { ticket: 'LC-000001' })]);
    expect(await u.say(help)).toEqual([translator.t(language, 'handoff.help', { ticket: 'LC-000001' })]);
  });

  it.each([
    ['en', 'a guest is locked in room 305!'],
    ['es', 'hay un huésped encerrado en la 305'],
    ['ar', 'النزيل محبوس في الغرفة 305'],
    ['en', 'fire alarm, all locks are down'],
  ] as const)('urgent words (%s: "%s") open an urgent ticket due within 1 hour', async (language, text) => {
    const { user, translator, setup, clock } = await createHandoffHarness();
    const out = await user().say(text);
    const due = formatDueTime(new Date(clock.now().getTime() + 3_600_000), language, undefined);
    expect(out).toEqual([translator.t(language, 'handoff.queuedUrgent', { ticket: 'LC-000001', due })]);
    expect(await setup.tickets.get('LC-000001')).toMatchObject({ priority: 'urgent', reason: 'urgent' });
  });

  it('urgent words while waiting raise the open ticket to urgent and shorten its deadline', async () => {
    const { user, translator, setup, clock, store } = await createHandoffHarness();
    const u = user();
    await u.say('talk to a person');
    clock.advance(10 * 60_000);
    const out = await u.say('emergency: guest locked out of every room');
    const created = Date.parse((await setup.tickets.get('LC-000001'))!.createdAt);
    expect(out).toEqual([translator.t('en', 'handoff.raisedUrgent', { ticket: 'LC-000001', due: formatDueTime(new Date(created + 3_600_000), 'en') })]);
    expect((await setup.tickets.get('LC-000001'))?.priority).toBe('urgent');
    expect((await store.sortedAll(SLA_TIMERS_KEY)).map((timer) => timer.score)).toEqual([created + 1_800_000, created + 2_880_000, created + 3_600_000]);
  });
});
