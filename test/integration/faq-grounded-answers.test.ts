import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, openWebConversation } from '../helpers/app-harness.js';
import { startFakeOpenAi, type ChatRequest } from '../helpers/fake-openai.js';

/**
 * Grounded FAQ answers (FAQ_ANSWERS=llm) against an OpenAI-compatible server on 127.0.0.1: the
 * fake model's answer is shown with its "From:" line only when it keeps to the matched topic's
 * content; otherwise the topic is walked as usual. Warranty questions never reach the model.
 */
const BATTERY_ES = { title: 'Cómo cambiar las pilas de la cerradura y cuáles comprar', firstStep: 'Abra la tapa de las pilas' };
const BATTERY_AR = { title: 'طريقة تغيير بطاريات القفل وأي نوع تشتري', firstStep: 'افتح غطاء البطاريات' };
const QUESTION_ES = '¿Qué pilas usa la cerradura?';
const QUESTION_AR = 'ما نوع البطاريات التي يحتاجها القفل؟';
const GOOD_ES = 'Use cuatro pilas AA (LR6) alcalinas de 1,5 V, nuevas y de una misma marca.';
const GOOD_AR = 'استخدم أربع بطاريات ألكالاين AA (LR6) بجهد 1.5 فولت، جديدة ومن نوع واحد.';

/** What the fake model answers to the next grounded-answer request. */
let nextAnswer: { topic: string; answer: string } = { topic: 'none', answer: '' };

function fakeModel(request: ChatRequest) {
  if (request.messages[0]?.content.startsWith('You answer')) return { content: JSON.stringify(nextAnswer) };
  return { content: '{"topic":"none"}' };
}

let model: Awaited<ReturnType<typeof startFakeOpenAi>>;
let harness: Awaited<ReturnType<typeof createTestApp>>;
const groundedRequests = () => model.requests.filter((request) => request.messages[0]?.content.startsWith('You answer'));

beforeAll(async () => {
  model = await startFakeOpenAi(fakeModel);
  harness = await createTestApp({ OPENAI_API_KEY: 'test-key', OPENAI_BASE_URL: model.baseUrl, OPENAI_MODEL: 'fake-answers-1', FAQ_ANSWERS: 'llm' });
});
afterAll(async () => {
  await harness?.close();
  await model?.close();
});
beforeEach(() => {
  nextAnswer = { topic: 'none', answer: '' };
});

type Message = { text: string; choices?: Array<{ title: string; value: string }> };
async function ask(app: typeof harness.app, text: string) {
  const conversation = await openWebConversation(app);
  const messages = ((await conversation.post({ text })).json() as { messages: Message[] }).messages;
  return { conversation, messages, all: messages.map((message) => message.text).join('\n') };
}
/** Bidi isolation marks around interpolated values (src/core/bidi.ts) are not what the customer reads. */
const visible = (text: string) => text.replace(/[\u2066-\u2069]/g, '');

describe('grounded FAQ answers', () => {
  it('answers a Spanish question from the matched topic only, ending with "Fuente:", and walks the topic on "no"', async () => {
    nextAnswer = { topic: 'battery-replacement', answer: GOOD_ES };
    const before = groundedRequests().length;
    const { conversation, messages, all } = await ask(harness.app, QUESTION_ES);
    expect(visible(all)).toContain(`${GOOD_ES}\n\nFuente: ${BATTERY_ES.title}`);
    expect(all).not.toContain(BATTERY_ES.firstStep);
    const question = messages.at(-1)!;
    expect(question.text).toBe('¿Responde esto a su pregunta?');
    expect(question.choices!.map((choice) => choice.title)).toEqual(['Sí', 'No, muéstreme los pasos']);

    const requests = groundedRequests().slice(before);
    expect(requests).toHaveLength(1);
    const [system, user] = [requests[0]!.messages[0]!.content, requests[0]!.messages.at(-1)!.content];
    expect(system).toContain('neutral international Spanish');
    expect(system).toMatch(/ONLY the topic texts given/);
    expect(user).toContain(QUESTION_ES);
    expect(user).toContain('La cerradura funciona con cuatro pilas AA (LR6) alcalinas de 1,5 V');
    expect(user).toContain(BATTERY_ES.firstStep);
    // Only the matched topic's content is given: nothing about warranty or another topic.
    expect(user).not.toMatch(/garant/i);
    expect(user).not.toContain('La tarjeta del huésped no abre');

    const walk = ((await conversation.post({ value: question.choices![1]!.value, text: question.choices![1]!.title })).json() as { messages: Message[] }).messages;
    expect(walk.map((message) => message.text).join('\n')).toContain(BATTERY_ES.firstStep);
  });

  it('answers an Arabic question in Arabic, ending with "المصدر:"', async () => {
    nextAnswer = { topic: 'battery-replacement', answer: GOOD_AR };
    const { messages, all } = await ask(harness.app, QUESTION_AR);
    expect(visible(all)).toContain(`${GOOD_AR}\n\nالمصدر: ${BATTERY_AR.title}`);
    expect(messages.at(-1)!.text).toBe('هل أجاب هذا عن سؤالك؟');
    expect(groundedRequests().at(-1)!.messages[0]!.content).toContain('Modern Standard Arabic');
  });

  it.each([
    ['a period', 'Las pilas duran unos dos años; cámbielas cada año.'],
    ['a duration with a number', 'Cambie las pilas y espere 30 segundos.'],
    ['a price', 'Un juego de cuatro pilas AA cuesta 5 €.'],
    ['a number not in the content', 'Use 8 pilas AA alcalinas.'],
    ['another topic', 'Use pilas AA; si la tarjeta falla, vea «La tarjeta del huésped no abre (luz roja o pitido de error)».'],
    ['warranty', 'Las pilas no están cubiertas por la garantía.'],
    ['the wrong language', 'Use four new AA alkaline batteries of one brand.'],
  ])('rejects an answer that states %s: the topic walk-through appears instead', async (_, answer) => {
    nextAnswer = { topic: 'battery-replacement', answer };
    const before = groundedRequests().length;
    const { all } = await ask(harness.app, QUESTION_ES);
    expect(groundedRequests().length - before).toBe(1);
    expect(all).not.toContain(answer);
    expect(all).not.toContain('Fuente:');
    expect(visible(all)).toContain(BATTERY_ES.title);
    expect(all).toContain(BATTERY_ES.firstStep);
  });

  it('rejects an answer that claims a topic it was not given', async () => {
    nextAnswer = { topic: 'card-rejected', answer: 'Use cuatro pilas AA alcalinas.' };
    const { all } = await ask(harness.app, QUESTION_ES);
    expect(all).not.toContain('Fuente:');
    expect(all).toContain(BATTERY_ES.firstStep);
  });

  it.each([
    ['es', '¿La garantía cubre el cambio de pilas?'],
    ['en', 'Is a battery replacement covered by the warranty?'],
    ['ar', 'هل يشمل الضمان تغيير البطاريات؟'],
  ])('never sends a warranty question (%s) to the model', async (_, question) => {
    nextAnswer = { topic: 'battery-replacement', answer: GOOD_ES };
    const before = model.requests.length;
    const { all } = await ask(harness.app, question);
    expect(model.requests.length - before).toBe(0);
    expect(all).not.toContain(GOOD_ES);
  });

  it('never asks the model about prices', async () => {
    nextAnswer = { topic: 'battery-replacement', answer: GOOD_ES };
    const before = groundedRequests().length;
    await ask(harness.app, '¿Cuánto cuestan las pilas de la cerradura?');
    expect(groundedRequests().length - before).toBe(0);
  });
});

describe('off by default', () => {
  it('without FAQ_ANSWERS=llm the same question walks the topic and the model writes no answer', async () => {
    const plain = await createTestApp({ OPENAI_API_KEY: 'test-key', OPENAI_BASE_URL: model.baseUrl });
    try {
      nextAnswer = { topic: 'battery-replacement', answer: GOOD_ES };
      const before = groundedRequests().length;
      const { all } = await ask(plain.app, QUESTION_ES);
      expect(groundedRequests().length - before).toBe(0);
      expect(all).toContain(BATTERY_ES.firstStep);
    } finally {
      await plain.close();
    }
  });
});
