import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stripIsolates } from '../../src/core/bidi.js';
import type { Language } from '../../src/core/types.js';
import { writeAgentsFile } from '../../src/handoff/agents-file.js';
import { hashPassword } from '../../src/handoff/password-hash.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import type { SurveyFeatureSetup } from '../../src/survey/survey-feature.js';
import { createTestApp, openWebConversation } from '../helpers/app-harness.js';
import { TestClock, testTranslator } from '../helpers/core-harness.js';

/**
 * Commitment letter IV.A, "feedback the results to customers": once the year's survey is
 * published, the FAQ topics support-hours and warranty-terms end with a line pointing to the
 * public results page, in en/es/ar; before, no line. The page shows the published figures and
 * the actions text in the reader's language, every word from the locales.
 */
const t = testTranslator();
const text = (language: Language, key: string, options?: Record<string, unknown>) => stripIsolates(t.t(language, key, options));
const PUBLIC_URL = 'https://support.lockcare.example';
const QUESTIONS: Record<'support-hours' | 'warranty-terms', Record<Language, string>> = {
  'support-hours': { en: 'support hours', es: 'horario de atencion', ar: 'اوقات الدعم' },
  'warranty-terms': { en: 'what does the warranty cover', es: 'que cubre la garantia', ar: 'ايش يشمل الضمان' },
};
const TITLES: Record<keyof typeof QUESTIONS, Record<Language, string>> = {
  'support-hours': { en: 'Support hours, response times and how to contact us', es: 'Horario de soporte, tiempos de respuesta y cómo contactarnos', ar: 'أوقات الدعم ومدة الرد وطرق التواصل معنا' },
  'warranty-terms': { en: 'Warranty: how long it lasts and what it covers', es: 'Garantía: cuánto dura y qué cubre', ar: 'الضمان: مدته وما يشمله' },
};
const ACTIONS = { en: 'A second engineer now answers at night.', es: 'Un segundo ingeniero responde ahora por la noche.', ar: 'يرد الآن مهندس ثانٍ في الليل.' };
const LANGUAGES = ['en', 'es', 'ar'] as const;

let dir: string;
let clock: TestClock;
let harness: Awaited<ReturnType<typeof createTestApp>>;
const survey = () => harness.lockcare.features.find((setup) => setup.feature.name === 'survey') as SurveyFeatureSetup;

/** A new web customer asks one question; the bot's answer that carries the topic's title. */
async function topicAnswer(topic: keyof typeof QUESTIONS, language: Language): Promise<string> {
  const conversation = await openWebConversation(harness.app);
  const { messages } = (await conversation.post({ text: QUESTIONS[topic][language] })).json() as { messages: Array<{ text: string }> };
  const answer = messages.map((message) => stripIsolates(message.text)).find((line) => line.startsWith(TITLES[topic][language]));
  expect(answer, `${topic} ${language}: ${messages.map((message) => message.text).join(' / ')}`).toBeDefined();
  return answer!;
}

/** An e-mail (the e-mail intake answers in one reply): everything the bot replied. */
async function mailAnswer(body: string): Promise<string> {
  const id = `mail-${(mails += 1)}`;
  const result = await harness.lockcare.core.handle({
    channel: 'email',
    conversationId: id,
    user: { id: `${id}@hotel.example` },
    platformMessageId: `<${id}@hotel.example>`,
    content: { type: 'text', text: body },
    reference: { address: `${id}@hotel.example`, subject: 'Question', messageId: `<${id}@hotel.example>` },
  });
  return result.outbound.map((item) => stripIsolates(item.reply.text ?? '')).join('\n');
}
let mails = 0;
const MAIL = 'Hello, what are your support hours and how fast do you reply?';

const faqLine = (language: Language) => text(language, 'survey.faqLine', { year: 2026, url: `${PUBLIC_URL}/survey/2026?lang=${language}` });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lockcare-survey-faq-'));
  writeAgentsFile(join(dir, 'agents.json'), [{ username: 'admin', role: 'admin', passwordHash: await hashPassword('survey-faq-password-1') }]);
  clock = new TestClock(new Date('2026-12-01T09:00:00Z'));
  harness = await createTestApp({ AGENTS_FILE: join(dir, 'agents.json'), PUBLIC_URL }, { clock, store: new MemoryStore(() => clock.now().getTime()) });
  // Three customers (en, es, ar) get the survey; each answers the first two questions.
  const customers = [];
  for (const greeting of ['hello', 'hola', 'مرحبا']) {
    const conversation = await openWebConversation(harness.app);
    await conversation.post({ text: greeting });
    customers.push(conversation);
  }
  expect(await survey().campaigns({ intervalMs: 0 }).run(2026, 'admin')).toMatchObject({ sent: 3 });
  for (const [index, customer] of customers.entries()) for (const answer of [String(5 - index), '4']) await customer.post({ text: answer });
  expect((await survey().surveys.results(2026)).answered).toBe(3);
}, 60_000);

afterAll(async () => {
  await harness?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the FAQ "survey results" line and the public results page', () => {
  it('before any publication: no line in either topic, and the page answers 404', async () => {
    for (const topic of ['support-hours', 'warranty-terms'] as const) {
      for (const language of LANGUAGES) {
        const answer = await topicAnswer(topic, language);
        expect(answer).not.toContain('/survey/');
        expect(answer).not.toContain(text(language, 'survey.faqLine', { year: 2026, url: '' }).slice(0, 12));
      }
    }
    const mail = await mailAnswer(MAIL);
    expect(mail).toContain(TITLES['support-hours'].en);
    expect(mail).not.toContain('/survey/');
    const page = await harness.app.inject({ method: 'GET', url: '/survey/2026?lang=es' });
    expect(page.statusCode).toBe(404);
    expect(page.body).toContain(text('es', 'survey.page.notPublished', { year: 2026 }));
  });

  it('after publish: both topics end with the line in en/es/ar, and the page renders the results in the reader\'s language', async () => {
    await survey().surveys.savePdca(2026, { actions: ACTIONS }, 'admin', clock.now());
    expect(await survey().campaigns({ intervalMs: 0 }).publish(2026)).toMatchObject({ sent: 3 });
    for (const topic of ['support-hours', 'warranty-terms'] as const) {
      for (const language of LANGUAGES) {
        const lines = (await topicAnswer(topic, language)).split('\n');
        expect(lines.at(-1), `${topic} ${language}`).toBe(faqLine(language));
      }
    }
    const mail = (await mailAnswer(MAIL)).split('\n');
    expect(mail[mail.indexOf(TITLES['support-hours'].en) + 2]).toBe(faqLine('en'));
    // Another topic gets no line.
    const conversation = await openWebConversation(harness.app);
    const other = ((await conversation.post({ text: 'guest card shows red light' })).json() as { messages: Array<{ text: string }> }).messages.map((message) => message.text).join('\n');
    expect(other).not.toContain('/survey/');

    const results = await survey().surveys.results(2026);
    for (const language of LANGUAGES) {
      const page = await harness.app.inject({ method: 'GET', url: `/survey/2026?lang=${language}` });
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-security-policy']).toContain("default-src 'none'");
      expect(page.body).toContain(`<html lang="${language}" dir="${language === 'ar' ? 'rtl' : 'ltr'}">`);
      expect(page.body).toContain(`<h1>${text(language, 'survey.page.title', { year: 2026 })}</h1>`);
      expect(page.body).toContain(text(language, 'survey.page.intro', { year: 2026 }));
      expect(page.body).toContain(`<dt>${text(language, 'survey.page.answered')}</dt><dd>3</dd>`);
      expect(page.body).toContain(`<dd>${text(language, 'survey.page.percent', { value: results.satisfied })}</dd>`);
      expect(page.body).toContain(`<dd>${results.overall}</dd>`);
      expect(page.body).toContain(ACTIONS[language]);
      for (const other of LANGUAGES.filter((code) => code !== language)) expect(page.body).not.toContain(ACTIONS[other]);
      expect(page.body).not.toContain(text(language, 'survey.page.machineTranslated'));
    }
    // Without ?lang=, the browser's language.
    const spanish = await harness.app.inject({ method: 'GET', url: '/survey/2026', headers: { 'accept-language': 'es-MX,es;q=0.9,en;q=0.5' } });
    expect(spanish.body).toContain(ACTIONS.es);
  });
});
