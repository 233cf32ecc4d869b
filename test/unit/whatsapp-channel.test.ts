import { afterEach, describe, expect, it } from 'vitest';
import { getPairingStates } from '../../src/channels/shared/pairing.js';
import type { OutboundMessage } from '../../src/core/types.js';
import { loadFixture, messageFrom } from '../fixtures/whatsapp/fake-whatsapp-client.js';
import { createWhatsappHarness } from '../helpers/whatsapp-harness.js';
import { testTranslator } from '../helpers/core-harness.js';

const t = testTranslator();
const CHAT = '34612345678@c.us';
const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (stops.length) await stops.pop()!();
});

async function started(input: Parameters<typeof createWhatsappHarness>[0] = {}) {
  const harness = await createWhatsappHarness(input);
  stops.push(() => harness.channel.stop());
  await harness.channel.start();
  return harness;
}

const agentReply = (text: string): OutboundMessage => ({ reply: { type: 'text', text }, language: 'es', dir: 'ltr', author: { kind: 'agent', name: 'Lucía' } });

describe('WhatsApp adapter through a fake whatsapp-web.js client', () => {
  it('answers a Spanish text in Spanish, with the menu as a numbered list', async () => {
    const { fake, channel } = await started();
    fake.latest().receive(messageFrom(loadFixture('text'), { body: 'hola' }));
    await channel.idle();
    const sent = fake.latest().sent;
    expect(sent.map((item) => item.chatId)).toEqual(sent.map(() => CHAT));
    expect(sent[0]!.content).toBe(t.t('es', 'menu.greeting'));
    expect(sent.at(-1)!.content).toContain(`\n1. ${t.t('es', 'menu.options.troubleshoot')}\n2. ${t.t('es', 'menu.options.warranty')}`);
  });

  it('a number typed after the list picks the option', async () => {
    const { fake, channel } = await started();
    fake.latest().receive(messageFrom(loadFixture('text'), { body: 'hola', id: 'A1' }));
    await channel.idle();
    fake.latest().receive(messageFrom(loadFixture('text'), { body: '3', id: 'A2' }));
    await channel.idle();
    expect(fake.latest().sent.at(-1)!.content).toBe(t.t('es', 'handoff.followUp'));
  });

  it('a reply WhatsApp Web fails to send twice (client disconnected at that instant) is queued and delivered once', async () => {
    const { fake, channel, core, clock } = await started();
    const client = fake.latest();
    const send = client.sendMessage.bind(client);
    let failures = 0;
    client.sendMessage = async (chatId: string, content: string) => {
      if (failures < 2) {
        failures += 1;
        throw new Error('Protocol error: Session closed');
      }
      return send(chatId, content);
    };
    client.receive(messageFrom(loadFixture('text'), { body: 'hola' }));
    await channel.idle();
    expect(await core.retries.pendingCount()).toBe(1);
    for (let tick = 0; tick < 5 && (await core.retries.pendingCount()) > 0; tick += 1) {
      clock.advance(10 * 60_000);
      await core.retries.tick();
    }
    expect(failures).toBe(2);
    expect(await core.retries.pendingCount()).toBe(0);
    const contents = client.sent.map((item) => item.content);
    expect(contents.filter((content) => content === t.t('es', 'menu.greeting'))).toHaveLength(1);
    expect(contents).toHaveLength(2);
    expect(client.sent.every((item) => item.chatId === CHAT)).toBe(true);
  });

  it('a duplicate event delivered twice gets one reply', async () => {
    const { fake, channel } = await started();
    const message = messageFrom(loadFixture('text'), { body: 'hola' });
    fake.latest().receive(message);
    fake.latest().receive(structuredClone({ ...message, downloadMedia: undefined }));
    await channel.idle();
    expect(fake.latest().sent.filter((item) => item.content === t.t('es', 'menu.greeting'))).toHaveLength(1);
  });

  it('a photo with a caption is taken for a person to look at', async () => {
    const { fake, channel } = await started();
    fake.latest().receive(messageFrom(loadFixture('image-caption')));
    await channel.idle();
    expect(fake.latest().sent.map((item) => item.content)).toEqual([t.t('es', 'handoff.followUp')]);
  });

  it.each(['sticker', 'call-log'] as const)('a %s gets the polite "unsupported" reply', async (name) => {
    const { fake, channel } = await started();
    fake.latest().receive(messageFrom(loadFixture(name)));
    await channel.idle();
    // The phone's country code (+34) made Spanish the language before any text.
    expect(fake.latest().sent.map((item) => item.content)).toEqual([t.t('es', 'common.unsupported')]);
  });

  it.each(['group-message', 'status-broadcast', 'own-message'] as const)('never answers a %s', async (name) => {
    const { fake, channel } = await started();
    fake.latest().receive(messageFrom(loadFixture(name)));
    await channel.idle();
    expect(fake.latest().sent).toEqual([]);
  });

  it('answers groups when WHATSAPP_ALLOW_GROUPS=true', async () => {
    const { fake, channel } = await started({ env: { WHATSAPP_ALLOW_GROUPS: 'true' } });
    fake.latest().receive(messageFrom(loadFixture('group-message')));
    await channel.idle();
    expect(fake.latest().sent[0]).toMatchObject({ chatId: '120363041234567890@g.us' });
  });

  it('refuses to write to someone who never wrote', async () => {
    const { fake, core } = await started();
    await expect(core.deliver({ channel: 'whatsapp', conversationId: '34699999999@c.us' }, [agentReply('Hola')])).rejects.toMatchObject({ code: 'E_CHANNEL_SEND' });
    expect(fake.latest().sent).toEqual([]);
  });

  it("delivers an agent reply within 24 h of the customer's last message, and refuses it after", async () => {
    const { fake, channel, core, clock } = await started();
    fake.latest().receive(messageFrom(loadFixture('text'), { body: 'hola', timestamp: Math.floor(clock.now().getTime() / 1000) }));
    await channel.idle();
    const before = fake.latest().sent.length;
    clock.advance(23 * 3_600_000);
    await core.deliver({ channel: 'whatsapp', conversationId: CHAT, reference: { chatId: CHAT } }, [agentReply('Ya revisé el registro de la cerradura.')]);
    expect(fake.latest().sent.slice(before)).toEqual([{ chatId: CHAT, content: 'Lucía: Ya revisé el registro de la cerradura.' }]);
    clock.advance(2 * 3_600_000);
    await expect(core.deliver({ channel: 'whatsapp', conversationId: CHAT }, [agentReply('¿Sigue ahí?')])).rejects.toMatchObject({
      code: 'E_CHANNEL_SEND',
      message: expect.stringContaining('24-hour reply window'),
    });
    expect(fake.latest().sent).toHaveLength(before + 1);
  });

  it('shows the pairing QR on the terminal and to the console, then "connected"', async () => {
    const { fakeClientFactory } = await import('../fixtures/whatsapp/fake-whatsapp-client.js');
    const { store, qrs } = await started({ fake: fakeClientFactory({ qr: '2@AbCdEf==,key,ref' }) });
    expect(qrs).toEqual(['2@AbCdEf==,key,ref']);
    await expect.poll(async () => (await getPairingStates(store)).find((state) => state.channel === 'whatsapp')?.status).toBe('connected');
  });

  it('destroys the client on stop', async () => {
    const { fake, channel } = await started();
    await channel.stop();
    expect(fake.latest().destroyed).toBe(true);
    expect(channel.state).toBe('stopped');
  });
});
