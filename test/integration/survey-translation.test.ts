import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/store/memory-store.js';
import type { SurveyFeatureSetup } from '../../src/survey/survey-feature.js';
import { openWebConversation } from '../helpers/app-harness.js';
import { TestClock } from '../helpers/core-harness.js';
import { startDeskWithModel } from '../helpers/desk-model-harness.js';
import type { ChatRequest } from '../helpers/fake-openai.js';

/**
 * The yearly survey with translation on (an OpenAI-compatible model on 127.0.0.1, the fake
 * below): free-text answers reach the manager as written, with their language and a translation
 * into the reader's language, in the API and the CSV; a failed translation shows the original
 * with a marker.
 */
const PASSWORD = 'survey-translation-pw-1';
const COMMENTS = {
  en: 'Please add a video about the encoder',
  es: 'Las respuestas por la noche tardan demasiado',
  ar: 'البطارية لا تدوم طويلاً في الغرفة 204',
  /** The fake model answers this one with nothing: the translation is refused. */
  broken: 'El codificador no conecta nunca',
};
/** The results text the manager writes in English only; the fake model refuses BROKEN. */
const ACTIONS = { en: 'A second engineer now answers at night.', es: 'Un segundo ingeniero responde ahora por la noche.', ar: 'يرد الآن مهندس ثانٍ في الليل.' };
const BROKEN = 'Night shift from January.';
/** The fake model's dictionary: (text, target language) → translation. */
const DICTIONARY = new Map([
  [`${COMMENTS.es}|English`, 'Replies at night take too long'],
  [`${COMMENTS.ar}|English`, 'The battery does not last long in room 204'],
  [`${COMMENTS.en}|neutral`, 'Por favor, añadan un vídeo sobre el codificador'],
  [`${COMMENTS.ar}|neutral`, 'La batería no dura mucho en la habitación 204'],
  [`${COMMENTS.en}|Modern`, 'يرجى إضافة فيديو عن جهاز الترميز'],
  [`${COMMENTS.es}|Modern`, 'الردود في الليل تتأخر كثيرًا'],
  [`${ACTIONS.en}|neutral`, ACTIONS.es],
  [`${ACTIONS.en}|Modern`, ACTIONS.ar],
]);

function fakeModel(request: ChatRequest) {
  const system = request.messages[0]?.content ?? '';
  const user = request.messages.at(-1)?.content ?? '';
  if (!system.startsWith('You translate')) return { content: '{"topic":"none"}' };
  const into = /into (\w+)/.exec(system)?.[1] ?? '';
  if (user === COMMENTS.broken || user === BROKEN) return { content: '' };
  return { content: DICTIONARY.get(`${user}|${into}`) ?? `[${into}] ${user}` };
}

let desk: Awaited<ReturnType<typeof startDeskWithModel>>;
let clock: TestClock;
let model: typeof desk.model;
let harness: typeof desk.harness;
const customers: Array<Awaited<ReturnType<typeof openWebConversation>>> = [];
const survey = () => harness.lockcare.features.find((setup) => setup.feature.name === 'survey') as SurveyFeatureSetup;

async function signIn(username: string) {
  const response = await harness.app.inject({ method: 'POST', url: '/api/agent/session', payload: { username, password: PASSWORD } });
  expect(response.statusCode).toBe(200);
  const cookie = String(response.headers['set-cookie']).split(';')[0]!;
  return {
    get: (url: string) => harness.app.inject({ method: 'GET', url, headers: { cookie } }),
    post: (url: string, payload: unknown) => harness.app.inject({ method: 'POST', url, headers: { cookie, 'content-type': 'application/json' }, payload: JSON.stringify(payload) }),
  };
}

type Comment = { original: string; language: string; status: string; translation?: string; channel: string };
type SurveyView = { translation: { enabled: boolean; language: string; model: string | null }; comments: Comment[] };

beforeAll(async () => {
  clock = new TestClock(new Date('2026-12-01T09:00:00Z'));
  desk = await startDeskWithModel({
    agents: [
      { username: 'admin', role: 'admin' },
      { username: 'maria', role: 'agent', language: 'es' },
    ],
    password: PASSWORD,
    answer: fakeModel,
    model: 'fake-translator-1',
    translationTimeoutMs: 2000,
    overrides: { clock, store: new MemoryStore(() => clock.now().getTime()) },
  });
  ({ model, harness } = desk);
  // Four web customers (en, es, ar, es) answer the survey, each with a comment.
  for (const greeting of ['hello', 'hola', 'مرحبا', 'hola']) {
    const conversation = await openWebConversation(harness.app);
    await conversation.post({ text: greeting });
    customers.push(conversation);
  }
  clock.advance(60_000);
  expect(await survey().campaigns({ intervalMs: 0 }).run(2026, 'admin')).toMatchObject({ sent: 4 });
  clock.advance(60_000);
  for (const [index, comment] of [COMMENTS.en, COMMENTS.es, COMMENTS.ar, COMMENTS.broken].entries()) {
    for (const text of [String(5 - index), '4', comment]) await customers[index]!.post({ text });
  }
  expect((await survey().surveys.results(2026)).comments).toHaveLength(4);
}, 60_000);

afterAll(async () => {
  await desk?.close();
});

describe('free-text survey answers for the manager, translation on', () => {
  it('the API gives each comment as written, its language and a translation into ?lang=, a failure as the original with a marker', async () => {
    const admin = await signIn('admin');
    const response = await admin.get('/api/agent/surveys/2026?lang=en');
    expect(response.statusCode).toBe(200);
    const view = response.json() as SurveyView;
    expect(view.translation).toEqual({ enabled: true, language: 'en', model: 'fake-translator-1' });
    const byOriginal = new Map(view.comments.map((comment) => [comment.original, comment]));
    expect(byOriginal.get(COMMENTS.en)).toMatchObject({ language: 'en', status: 'same-language', channel: 'web' });
    expect(byOriginal.get(COMMENTS.en)!.translation).toBeUndefined();
    expect(byOriginal.get(COMMENTS.es)).toMatchObject({ language: 'es', status: 'translated', translation: 'Replies at night take too long' });
    expect(byOriginal.get(COMMENTS.ar)).toMatchObject({ language: 'ar', status: 'translated', translation: 'The battery does not last long in room 204' });
    expect(byOriginal.get(COMMENTS.broken)).toMatchObject({ language: 'es', status: 'failed' });
    expect(byOriginal.get(COMMENTS.broken)!.translation).toBeUndefined();

    // Into Arabic on request; the English reader's translations were cached, not asked again.
    const before = model.translations().length;
    const arabic = (await admin.get('/api/agent/surveys/2026?lang=ar')).json() as SurveyView;
    expect(arabic.comments.find((comment) => comment.original === COMMENTS.es)).toMatchObject({ status: 'translated', translation: 'الردود في الليل تتأخر كثيرًا' });
    expect(arabic.comments.find((comment) => comment.original === COMMENTS.ar)).toMatchObject({ status: 'same-language' });
    const askedForArabic = model.translations().length - before;
    expect(askedForArabic).toBe(3); // en, es and the broken one, into Arabic
    const again = model.translations().length;
    await admin.get('/api/agent/surveys/2026?lang=en');
    // Only the refused one is asked again (a failure is not cached).
    expect(model.translations().slice(again).map((request) => request.messages.at(-1)!.content)).toEqual([COMMENTS.broken]);
  });

  it('without ?lang= the reader gets their working language', async () => {
    const view = (await (await signIn('maria')).get('/api/agent/surveys/2026')).json() as SurveyView;
    expect(view.translation.language).toBe('es');
    expect(view.comments.find((comment) => comment.original === COMMENTS.en)).toMatchObject({ status: 'translated', translation: 'Por favor, añadan un vídeo sobre el codificador' });
    expect(view.comments.find((comment) => comment.original === COMMENTS.ar)).toMatchObject({ status: 'translated', translation: 'La batería no dura mucho en la habitación 204' });
    expect(view.comments.find((comment) => comment.original === COMMENTS.es)).toMatchObject({ status: 'same-language' });
    expect((await (await signIn('maria')).get('/api/agent/surveys/2026?lang=fr')).statusCode).toBe(400);
  });

  it('the CSV carries the original, its language and the translation', async () => {
    const response = await (await signIn('admin')).get('/api/agent/surveys/2026/answers.csv?lang=en');
    expect(response.statusCode).toBe(200);
    const lines = response.body.trimEnd().split('\r\n');
    expect(lines[0]).toBe('year,channel,language,topic,overall,speed,comment,answered_at,comment_language,translation_language,comment_translation,translation_status');
    expect(lines).toHaveLength(5);
    const at = clock.now().toISOString();
    expect(lines).toContain(`2026,web,en,,5,4,${COMMENTS.en},${at},en,en,,same-language`);
    expect(lines).toContain(`2026,web,es,,4,4,${COMMENTS.es},${at},es,en,Replies at night take too long,translated`);
    expect(lines).toContain(`2026,web,ar,,3,4,${COMMENTS.ar},${at},ar,en,The battery does not last long in room 204,translated`);
    expect(lines).toContain(`2026,web,es,,2,4,${COMMENTS.broken},${at},es,en,,failed`);
  });

  it('publish sends each customer the results text in their language, machine-translated where the manager wrote none', async () => {
    const history = async (index: number) => {
      const { conversationId, token } = customers[index]!;
      const response = await harness.app.inject({ method: 'GET', url: `/api/web/conversations/${conversationId}/messages`, headers: { authorization: `Bearer ${token}` } });
      return (response.json() as { messages: Array<{ text: string }> }).messages.map((message) => message.text);
    };
    const admin = await signIn('admin');
    const before = await Promise.all(customers.map((_, index) => history(index)));
    // A text the model will not translate: publish refuses before sending anyone anything.
    expect((await admin.post('/api/agent/surveys/2026/pdca', { actions: { en: BROKEN } })).statusCode).toBe(200);
    await expect(survey().campaigns({ intervalMs: 0 }).publish(2026)).rejects.toThrow(/Could not machine-translate the results text into es, ar; nobody was sent anything/);
    expect(await Promise.all(customers.map((_, index) => history(index)))).toEqual(before);

    expect((await admin.post('/api/agent/surveys/2026/pdca', { actions: { en: ACTIONS.en } })).statusCode).toBe(200);
    const plan = await survey().campaigns({ intervalMs: 0 }).planPublish(2026);
    expect(plan.languages).toEqual({ en: { recipients: 1, text: 'written' }, es: { recipients: 2, text: 'machine-translation' }, ar: { recipients: 1, text: 'machine-translation' } });
    expect(plan.missing).toEqual([]);
    expect(await survey().campaigns({ intervalMs: 0 }).publish(2026)).toMatchObject({ sent: 4, skipped: 0 });
    const results = await survey().surveys.results(2026);
    for (const [index, language] of (['en', 'es', 'ar', 'es'] as const).entries()) {
      const expected = harness.lockcare.translator.t(language, 'survey.results', { year: 2026, answered: results.answered, satisfied: results.satisfied ?? 0, actions: ACTIONS[language] });
      expect((await history(index)).slice(before[index]!.length), language).toEqual([expected]);
    }
  });
});
