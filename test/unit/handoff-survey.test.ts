import { describe, expect, it } from 'vitest';
import { SLA_TIMERS_KEY } from '../../src/handoff/sla-timers.js';
import { choicesOf } from '../helpers/core-harness.js';
import { createHandoffHarness } from '../helpers/handoff-harness.js';

const deliveredTexts = (messages: Array<{ reply: { type: string; text?: string } }>) => messages.map((message) => message.reply.text ?? '');

describe('agent reply, hand back and the satisfaction survey', () => {
  it('the first agent reply reaches the customer as the agent, stops the SLA clock and records time to first reply', async () => {
    const { user, setup, delivered, clock, store } = await createHandoffHarness();
    const u = user();
    await u.say('talk to a person');
    clock.advance(45 * 60_000);
    await setup.desk.claim('LC-000001', 'maria');
    await setup.desk.reply('LC-000001', 'maria', 'Hello, I am Maria from support.');
    expect(delivered.map((message) => [message.author, message.reply])).toEqual([
      [{ kind: 'agent', name: 'maria' }, { type: 'text', text: 'Hello, I am Maria from support.' }],
    ]);
    const ticket = await setup.tickets.get('LC-000001');
    expect(ticket).toMatchObject({ status: 'waiting-customer', firstReplyBy: 'maria', timeToFirstReplyMs: 45 * 60_000 });
    expect(await store.sortedAll(SLA_TIMERS_KEY)).toEqual([]);
    expect((await setup.tickets.listOpen())[0]?.timeLeftMs).toBeNull();
  });

  it.each([
    ['en', 'hi', 'talk to a person', '4', 4],
    ['es', 'hola', 'hablar con un agente', 'cinco', 5],
    ['ar', 'مرحبا', 'اريد التحدث مع موظف', '٤', 4],
  ] as const)('resolving sends the survey in %s; the answer "%s" is stored as the score and thanked', async (language, greeting, ask, answer, score) => {
    const { user, setup, delivered, translator, clock } = await createHandoffHarness();
    const u = user();
    await u.say(greeting);
    await u.say(ask);
    await setup.desk.claim('LC-000001', 'omar');
    await setup.desk.reply('LC-000001', 'omar', 'Replace the batteries, please.');
    clock.advance(2 * 3_600_000);
    const { delivered: notified } = await setup.desk.resolve('LC-000001', 'omar');
    expect(notified).toBe(true);
    const sent = delivered.slice(1);
    expect(deliveredTexts(sent)).toEqual([translator.t(language, 'handoff.resolved', { ticket: 'LC-000001' }), translator.t(language, 'handoff.survey.question')]);
    expect(choicesOf(sent).map((choice) => choice.title)).toEqual(translator.list(language, 'handoff.survey.options'));
    expect(sent.every((message) => message.dir === (language === 'ar' ? 'rtl' : 'ltr'))).toBe(true);
    expect(await setup.tickets.get('LC-000001')).toMatchObject({ status: 'resolved', resolution: 'resolved', resolvedBy: 'omar', timeToResolveMs: 2 * 3_600_000 });

    const thanks = await u.say(answer);
    expect(thanks[0]).toBe(translator.t(language, 'handoff.survey.thanks', { score }));
    expect((await setup.tickets.get('LC-000001'))?.surveyScore).toBe(score);
    expect((await u.state())?.mode).toBe('bot');
  });

  it('a survey button answer is stored too, and a message that is not a score goes to the bot', async () => {
    const first = await createHandoffHarness();
    const u = first.user();
    await u.say('talk to a person');
    await first.setup.desk.resolve('LC-000001', 'maria');
    await u.say({ value: 'survey:2', text: '2' });
    expect((await first.setup.tickets.get('LC-000001'))?.surveyScore).toBe(2);

    const second = await createHandoffHarness();
    const v = second.user();
    await v.say('talk to a person');
    await second.setup.desk.resolve('LC-000001', 'maria');
    const out = await v.say('menu');
    expect(out.at(-1)).toBe(second.translator.t('en', 'menu.anythingElse'));
    expect((await second.setup.tickets.get('LC-000001'))?.surveyScore).toBeUndefined();
  });

  it('hand back: the customer is told in their language and talks to the bot again', async () => {
    const { user, setup, delivered, translator } = await createHandoffHarness();
    const u = user();
    await u.say('hola');
    await u.say('hablar con un agente');
    await setup.desk.claim('LC-000001', 'maria');
    await setup.desk.release('LC-000001', 'maria');
    expect(deliveredTexts(delivered)).toEqual([translator.t('es', 'handoff.released')]);
    expect((await u.state())?.mode).toBe('bot');
    expect(await setup.tickets.get('LC-000001')).toMatchObject({ status: 'resolved', resolution: 'handed-back' });
    expect(await u.say('hola')).toEqual([translator.t('es', 'menu.prompt')]);
  });

  it('only the holder may reply; a second agent cannot claim a held ticket', async () => {
    const { user, setup } = await createHandoffHarness();
    await user().say('talk to a person');
    await expect(setup.desk.reply('LC-000001', 'maria', 'hi')).rejects.toMatchObject({ code: 'E_CONFLICT' });
    await setup.desk.claim('LC-000001', 'maria');
    await expect(setup.desk.claim('LC-000001', 'omar')).rejects.toMatchObject({ code: 'E_CONFLICT', message: 'Ticket LC-000001 is held by maria' });
    await expect(setup.desk.reply('LC-000001', 'omar', 'hi')).rejects.toMatchObject({ code: 'E_CONFLICT' });
  });
});
