import { beforeAll, describe, expect, it } from 'vitest';
import { troubleshootDialog } from '../../dialogs/troubleshoot/troubleshoot-dialog.js';
import { formatGaps } from '../../src/cli/commands/faq.js';
import { FaqGapStore } from '../../src/faq/faq-gaps.js';
import { createFaqService, type FaqService } from '../../src/faq/faq-service.js';
import { createSilentLogger } from '../../src/logger.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { choicesOf, createTestCore, texts, TestClock } from '../helpers/core-harness.js';
import { recordingHandoff, t } from '../helpers/faq-harness.js';

const DAY = 86_400_000;

describe('FaqGapStore', () => {
  it('records an unsure message, the topic picked later, and forgets both after the retention', async () => {
    const clock = new TestClock(new Date());
    const store = new MemoryStore(() => clock.now().getTime());
    const gaps = new FaqGapStore(store, 30 * DAY);
    const id = await gaps.record({ text: '  power  ', lang: 'en', offered: ['emergency-power', 'energy-saving-switch'], at: clock.now() });
    expect(id).toBeDefined();
    expect(await gaps.list()).toEqual([{ id, at: clock.now().toISOString(), lang: 'en', text: 'power', offered: ['emergency-power', 'energy-saving-switch'] }]);
    clock.advance(10 * DAY);
    expect(await gaps.resolve(id!, 'emergency-power', 'user')).toBe(true);
    expect((await gaps.list())[0]).toMatchObject({ picked: 'emergency-power', pickedBy: 'user' });
    // The pick does not extend the retention: 30 days after the message, it is gone.
    clock.advance(20 * DAY + 1000);
    expect(await gaps.list()).toEqual([]);
    expect(await store.sortedAll('faq:gaps')).toEqual([]);
    expect(await gaps.resolve(id!, 'emergency-power', 'agent')).toBe(false);
  });

  it('an agent\'s tag resolves a gap nobody picked and a re-tag replaces it, but never the customer\'s own pick', async () => {
    const gaps = new FaqGapStore(new MemoryStore(), 30 * DAY);
    const unpicked = (await gaps.record({ text: 'power', lang: 'en', offered: [], at: new Date() }))!;
    const picked = (await gaps.record({ text: 'tarjeta', lang: 'es', offered: [], at: new Date() }))!;
    await gaps.resolve(picked, 'card-rejected', 'user');
    expect(await gaps.resolve(unpicked, 'emergency-power', 'agent')).toBe(true);
    expect(await gaps.resolve(unpicked, 'energy-saving-switch', 'agent')).toBe(true);
    expect(await gaps.resolve(picked, 'card-types', 'agent')).toBe(false);
    const byId = new Map((await gaps.list()).map((gap) => [gap.id, gap]));
    expect(byId.get(unpicked)).toMatchObject({ picked: 'energy-saving-switch', pickedBy: 'agent' });
    expect(byId.get(picked)).toMatchObject({ picked: 'card-rejected', pickedBy: 'user' });
  });

  it('records nothing with a retention of 0 or without a store', async () => {
    const none = new FaqGapStore(new MemoryStore(), 0);
    expect(await none.record({ text: 'power', lang: 'en', offered: [], at: new Date() })).toBeUndefined();
    expect(await none.list()).toEqual([]);
    expect(await new FaqGapStore(undefined, DAY).record({ text: 'power', lang: 'en', offered: [], at: new Date() })).toBeUndefined();
  });

  it('exports picked messages as candidate examples (all of them with --all)', () => {
    const gaps = [
      { id: 'a', at: '2026-01-01T00:00:00.000Z', lang: 'es' as const, text: 'sin luz', offered: ['x', 'y'], picked: 'lock-no-response', pickedBy: 'user' as const },
      { id: 'b', at: '2026-01-02T00:00:00.000Z', lang: 'en' as const, text: 'hmm', offered: ['x'] },
      { id: 'c', at: '2026-01-03T00:00:00.000Z', lang: 'ar' as const, text: 'القفل فاصل', offered: ['x'], picked: 'emergency-power', pickedBy: 'agent' as const },
    ];
    expect(formatGaps(gaps, { all: false, json: false })).toEqual(['lock-no-response (es): sin luz', 'emergency-power (ar, agent): القفل فاصل']);
    expect(formatGaps(gaps, { all: true, json: false })).toEqual(['lock-no-response (es): sin luz', '? (en): hmm', 'emergency-power (ar, agent): القفل فاصل']);
    expect(JSON.parse(formatGaps(gaps, { all: false, json: true })[1]!)).toMatchObject({ topic: 'emergency-power', pickedBy: 'agent' });
    expect(JSON.parse(formatGaps(gaps, { all: false, json: true })[0]!)).toEqual({ text: 'sin luz', lang: 'es', topic: 'lock-no-response', pickedBy: 'user', offered: ['x', 'y'], at: '2026-01-01T00:00:00.000Z' });
  });
});

describe('troubleshooting: two close topics', () => {
  let faq: FaqService;
  let store: MemoryStore;
  beforeAll(async () => {
    store = new MemoryStore();
    faq = await createFaqService({ dir: 'faq', logger: createSilentLogger(), store, gapsRetentionMs: 30 * DAY });
  });
  const start = () => createTestCore({ store, features: [{ name: 'faq', dialogs: [troubleshootDialog] }], services: { faq }, handoff: recordingHandoff() });

  it.each(['en', 'es', 'ar'] as const)('asks which one in %s, and the pick opens it and is recorded for faq gaps', async (language) => {
    const query = { en: 'power', es: 'batería', ar: 'كهرباء' }[language];
    const found = faq.search(query);
    expect(found.clarify, `"${query}" should be ambiguous`).toHaveLength(2);
    const [first, second] = found.clarify!.map((id) => faq.topic(id)!.content[language].title);
    const before = (await faq.gaps.list()).length;
    const u = start().user(`clarify-${language}`);
    const out = await u.send(query);
    expect(texts(out).at(-1)).toBe(t.t(language, 'faq.clarify', { first, second }));
    expect(choicesOf(out).map((choice) => choice.title)).toEqual([first, second, t.t(language, 'faq.somethingElse')]);
    const gaps = await faq.gaps.list();
    expect(gaps).toHaveLength(before + 1);
    expect(gaps.at(-1)).toMatchObject({ text: query, offered: found.clarify });

    const topic = found.clarify![1];
    const opened = await u.say({ value: `faq:topic:${topic}` });
    const content = faq.topic(topic)!.content[language];
    expect(opened[0]).toBe(t.t(language, 'faq.topicAnswer', { title: content.title, answer: content.answer }));
    expect((await faq.gaps.list()).at(-1)).toMatchObject({ text: query, picked: topic, pickedBy: 'user' });
  });

  it('"something else" falls back to the three closest topics', async () => {
    const u = start().user('clarify-else');
    await u.say('power');
    const out = await u.send({ value: 'faq:something-else' });
    expect(texts(out).at(-1)).toBe(t.t('en', 'faq.notSure'));
    const offered = choicesOf(out).map((choice) => choice.value);
    expect(offered.filter((value) => value.startsWith('faq:topic:'))).toEqual(faq.search('power').suggestions.map((hit) => `faq:topic:${hit.topic}`));
  });
});
