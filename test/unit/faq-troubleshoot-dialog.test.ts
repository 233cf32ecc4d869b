import { stripIsolates } from '../../src/core/bidi.js';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Language } from '../../src/core/types.js';
import type { FaqTopic } from '../../src/faq/topic-schema.js';
import { choicesOf, texts } from '../helpers/core-harness.js';
import { labelsOf, realFaq, startFaqCore, stepText, t } from '../helpers/faq-harness.js';

/**
 * Script-style tests of the `troubleshoot` dialog on the real faq/ content, in every language:
 * each kind of outcome, answers by value, number and free text, "back", misunderstandings and
 * off-topic messages. They walk "lock-no-response", whose tree reaches all four outcomes.
 */
interface Script {
  query: string;
  yes: string;
  no: string;
  back: string;
  gibberish: string;
  offTopic: string;
}

const SCRIPTS: Record<Language, Script> = {
  en: { query: 'lock is dead, no light no sound', yes: 'yes', no: 'no', back: 'back', gibberish: 'purple banana', offTopic: 'book me a room for friday' },
  es: { query: 'la cerradura no hace nada, ni luz ni sonido', yes: 'sí', no: 'no', back: 'atrás', gibberish: 'plátano morado', offTopic: 'quiero reservar una habitación para el viernes' },
  ar: { query: 'القفل ما يستجيب لا ضوء ولا صوت', yes: 'نعم', no: 'لا', back: 'رجوع', gibberish: 'موزة بنفسجية', offTopic: 'كيف الطقس بكرة في دبي' },
};

let topic: FaqTopic;
beforeAll(async () => {
  topic = (await realFaq()).topic('lock-no-response')!;
});

describe.each(['en', 'es', 'ar'] as const)('troubleshooting in %s', (language) => {
  const script = SCRIPTS[language];
  const step = (id: string) => stepText(topic, language, id);
  /** The step as stored for the agent (no display marks). */
  const storedStep = (id: string) => topic.content[language].tree!.steps[id]!.text;

  it('finds the topic, shows its short answer and the first step with its choices', async () => {
    const { user } = await startFaqCore();
    const out = await user().send(script.query);
    const shown = texts(out);
    const content = topic.content[language];
    expect(shown).toContain(t.t(language, 'faq.topicAnswer', { title: content.title, answer: content.answer }));
    expect(shown.at(-1)).toBe(step('urgency'));
    expect(choicesOf(out).map((choice) => choice.title)).toEqual(labelsOf(topic, language, 'urgency'));
    expect(out.every((message) => message.language === language)).toBe(true);
  });

  it('solved, then "yes": thanks the user and ends (answers by free text and by number)', async () => {
    const { user } = await startFaqCore();
    const u = user();
    await u.say(script.query);
    expect((await u.say(script.no)).at(-1)).toBe(step('batteries'));
    expect(await u.say('1')).toEqual([step('solved-batteries'), t.t(language, 'faq.didSolve')]);
    const end = await u.say(script.yes);
    expect(end).toEqual([t.t(language, 'faq.thanks'), t.t(language, 'menu.anythingElse')]);
    const facts = (await u.state())!.facts;
    expect(facts.topic).toBe('lock-no-response');
    expect(facts.troubleshooting).toMatchObject({ topic: 'lock-no-response', outcome: 'solved', resolved: true });
  });

  it('solved, then "no": offers a person, who gets the topic, the path and the answers', async () => {
    const { user, requests } = await startFaqCore();
    const u = user();
    await u.say(script.query);
    await u.say(script.no);
    await u.say({ value: 'faq:step:1' });
    expect(await u.say(script.no)).toEqual([t.t(language, 'faq.offerPerson')]);
    expect(await u.say({ value: 'faq:escalate' })).toEqual([t.t(language, 'handoff.followUp')]);
    expect(requests).toHaveLength(1);
    const labels = [labelsOf(topic, language, 'urgency')[2], labelsOf(topic, language, 'batteries')[0]];
    expect(requests[0]).toMatchObject({
      reason: 'troubleshooting-unresolved',
      topic: 'lock-no-response',
      details: {
        topic: 'lock-no-response',
        path: [
          { step: 'urgency', question: storedStep('urgency'), answer: labels[0] },
          { step: 'batteries', question: storedStep('batteries'), answer: labels[1] },
        ],
        answers: labels,
        outcome: 'solved',
      },
    });
  });

  it('technician: offers a person and escalates as technician-needed (answers by value)', async () => {
    const { user, requests } = await startFaqCore();
    const u = user();
    await u.say(script.query);
    // A guest is waiting outside and the door cannot be opened: a technician now.
    await u.say({ value: 'faq:step:2' });
    expect(await u.say({ value: 'faq:step:2' })).toEqual([step('tech'), t.t(language, 'faq.offerTechnician')]);
    await u.say(script.yes);
    expect(requests).toEqual([expect.objectContaining({ reason: 'technician-needed', topic: 'lock-no-response' })]);
    expect((requests[0]!.details!.path as unknown[]).length).toBe(2);
  });

  it('warranty: offers the warranty check, which starts with the topic', async () => {
    const { user, warrantyCalls } = await startFaqCore({ withWarranty: true });
    const u = user();
    await u.say(script.query);
    // Batteries and contacts checked, still dead: a possible defect goes to the warranty check, whatever the lock's age.
    for (const value of ['faq:step:3', 'faq:step:2']) await u.say({ value });
    const out = await u.send({ value: 'faq:step:2' });
    expect(texts(out)).toEqual([step('warranty'), t.t(language, 'faq.offerWarranty')]);
    expect(choicesOf(out).map((choice) => choice.title)).toEqual([t.t(language, 'faq.checkWarranty'), t.t(language, 'faq.talkToPerson')]);
    expect((await u.say({ value: 'faq:warranty' })).map(stripIsolates)).toEqual(['WARRANTY CHECK STARTED']);
    expect(warrantyCalls).toEqual([{ topic: 'lock-no-response' }]);
  });

  it('warranty without the warranty dialog: offers a person (warranty-claim)', async () => {
    const { user, requests } = await startFaqCore();
    const u = user();
    await u.say(script.query);
    for (const value of ['faq:step:3', 'faq:step:2']) await u.say({ value });
    expect(await u.say('2')).toEqual([step('warranty'), t.t(language, 'faq.offerPerson')]);
    await u.say({ value: 'faq:escalate' });
    expect(requests).toEqual([expect.objectContaining({ reason: 'warranty-claim', topic: 'lock-no-response' })]);
  });

  it('urgent: warns that only authorised staff may act and escalates at once with urgent priority', async () => {
    const { user, requests } = await startFaqCore();
    const u = user();
    await u.say(script.query);
    expect(await u.say('1')).toEqual([t.t(language, 'faq.staffOnly'), step('urgent-inside'), t.t(language, 'handoff.followUp')]);
    expect(requests).toEqual([
      expect.objectContaining({ reason: 'urgent', priority: 'urgent', topic: 'lock-no-response', details: expect.objectContaining({ outcome: 'urgent' }) }),
    ]);
  });

  it('"back" goes one step back', async () => {
    const { user } = await startFaqCore();
    const u = user();
    await u.say(script.query);
    await u.say(script.no);
    expect((await u.say(script.back)).at(-1)).toBe(step('urgency'));
    expect((await u.say('3')).at(-1)).toBe(step('batteries'));
    const facts = (await u.state())!.facts;
    expect(facts.troubleshooting).toMatchObject({ path: [{ step: 'urgency' }] });
  });

  it('two answers in a row it does not understand: asks before handing over; "yes" hands over with the topic', async () => {
    const { user, requests } = await startFaqCore();
    const u = user();
    await u.say(script.query);
    expect(await u.say(script.gibberish)).toEqual([t.t(language, 'faq.notUnderstoodStep'), step('urgency')]);
    expect(await u.say(script.gibberish)).toEqual([t.t(language, 'common.askPerson')]);
    expect(requests).toEqual([]);
    expect(await u.say(script.yes)).toEqual([t.t(language, 'handoff.followUp')]);
    expect(requests).toEqual([expect.objectContaining({ reason: 'misunderstood', topic: 'lock-no-response' })]);
  });

  it('after "Shall I pass this to a person?", "no" asks the same step again and an answer continues the walk', async () => {
    const { user, requests } = await startFaqCore();
    const u = user();
    await u.say(script.query);
    await u.say(script.gibberish);
    await u.say(script.gibberish);
    expect(await u.say(script.no)).toEqual([t.t(language, 'common.tryAgain'), step('urgency')]);
    expect((await u.say('3')).at(-1)).toBe(step('batteries'));
    expect(requests).toEqual([]);
  });

  it('an understood answer resets the count of misunderstandings', async () => {
    const { user, requests } = await startFaqCore();
    const u = user();
    await u.say(script.query);
    await u.say(script.gibberish);
    expect((await u.say(script.no)).at(-1)).toBe(step('batteries'));
    expect((await u.say(script.gibberish))[0]).toBe(t.t(language, 'faq.notUnderstoodStep'));
    expect(requests).toEqual([]);
  });

  it('off-topic text gets "not sure", the closest topics and "talk to a person"', async () => {
    const { user } = await startFaqCore();
    const out = await user().send(script.offTopic);
    expect(texts(out).at(-1)).toBe(t.t(language, 'faq.notSure'));
    const choices = choicesOf(out);
    expect(choices.length).toBeGreaterThanOrEqual(2);
    expect(choices.length).toBeLessThanOrEqual(4);
    expect(choices.at(-1)).toEqual({ title: t.t(language, 'faq.talkToPerson'), value: 'menu:human' });
    expect(choices.slice(0, -1).every((choice) => choice.value.startsWith('faq:topic:'))).toBe(true);
  });
});
