import type { ChatModel } from '../core/chat-model.js';
import { detectLanguage } from '../core/language.js';
import type { Language } from '../core/types.js';
import type { Logger } from '../logger.js';
import type { FaqTopic } from './topic-schema.js';
import { WARRANTY_WORDS } from '../core/warranty-words.js';

/**
 * Grounded answers (FAQ_ANSWERS=llm with OPENAI_API_KEY): a customer's free-text question that FAQ
 * search matched may get a short answer the chat model writes ONLY from the matched topics' own
 * content (answer and step texts), in the customer's language. The bot then adds "From: <topic>".
 *
 * Never for warranty, prices, fees or periods: those come from the warranty engine and the policy
 * files. Policy topics and urgent topics are never given to the model, and a question that mentions
 * warranty, money or a period is never sent. Every answer is checked before use and rejected when
 * it states a period or a price, a number the content does not have, or names a topic it was not
 * given (or is empty or too long); the caller then walks the topic as usual.
 */
export interface GroundedAnswer {
  text: string;
  /** The topic the answer came from (one of those given). */
  topic: string;
  model: string;
}

export interface GroundedAnswerer {
  answer(question: string, language: Language, topics: readonly FaqTopic[], allTopics: readonly FaqTopic[]): Promise<GroundedAnswer | undefined>;
}

const LANGUAGE_NAMES: Record<Language, string> = {
  en: 'English',
  es: 'neutral international Spanish (address the customer as "usted")',
  ar: 'Modern Standard Arabic',
};
const MAX_ANSWER = 600;

/** Money: currency signs and codes, prices, fees, costs, payment. */
const MONEY = /[$€£¥﷼]|\b(?:usd|eur|gbp|rmb|cny|aed|sar|yuan|dollars?|euros?|d[oó]lar(?:es)?|price|prices|pricing|cost|costs|fee|fees|charge[sd]?|paid|pay|free of charge|precio|precios|cuestan?|coste|costo|tarifa|cargo|pagar|pago|gratis|gratuit[oa])\b|سعر|أسعار|رسوم|تكلفة|تكاليف|دولار|يورو|ريال|درهم|مجان|دفع/i;
/** A period or duration: days, weeks, months, years (and hours, minutes, seconds with a number). */
const PERIOD = /\b(?:days?|weeks?|months?|years?|yearly|monthly|annual|d[ií]as?|semanas?|mes|meses|años?|anual|period|periodo|período|plazo)\b|يوم|أيام|أسبوع|أسابيع|شهر|أشهر|شهور|سنة|سنوات|عام|أعوام|مدة|فترة/i;
const TIMED = /\d\s*(?:h|hrs?|hours?|horas?|min|mins|minutes?|minutos?|s|secs?|seconds?|segundos?)\b|\d\s*(?:ساعة|ساعات|دقيقة|دقائق|ثانية|ثوان)/i;
/** A question: a question mark, or a question word first. */
const QUESTION = /[?¿؟]|^\s*(?:how|what|why|when|where|which|who|can|could|do|does|is|are|should|may|c[oó]mo|qu[eé]|por qu[eé]|cu[aá]ndo|d[oó]nde|cu[aá]l|cu[aá]nto|puedo|puede|se puede|hace falta|هل|كيف|لماذا|متى|أين|ما|ماذا|كم)(?=[\s,،]|$)/i;

const ARABIC_DIGITS = /[٠-٩]/g;
const westernDigits = (text: string) => text.replace(ARABIC_DIGITS, (digit) => String(digit.charCodeAt(0) - 0x0660));
const numbersIn = (text: string) => westernDigits(text).match(/\d+/g) ?? [];

export function isQuestion(text: string): boolean {
  return QUESTION.test(text.trim());
}

/** A question the model must never see: it asks about warranty, money or a period. */
export function isPolicyQuestion(text: string): boolean {
  return mentionsPolicy(text);
}

/** Topics the model may answer from: never policy topics (warranty, paid service, parts, hours…) nor urgent ones. */
export function isAnswerableTopic(topic: FaqTopic): boolean {
  return topic.kind !== 'policy' && topic.priority !== 'urgent' && !topic.id.startsWith('warranty');
}

const mentionsPolicy = (text: string) => WARRANTY_WORDS.test(text) || MONEY.test(text) || PERIOD.test(text);
/** Sentences of a text that say nothing about warranty, money or periods. */
const withoutPolicy = (text: string) => (text.match(/[^.!?。؟]+[.!?。؟]*/g) ?? [text]).filter((sentence) => !mentionsPolicy(sentence)).join('').trim();

/**
 * The text the model may use for a topic: its title, short answer and every step and option,
 * leaving out whatever mentions warranty, money or periods (a step that sends to the warranty
 * check, for instance): the model is never given policy content to repeat.
 */
export function topicSource(topic: FaqTopic, language: Language): string {
  const content = topic.content[language];
  const steps = Object.values(content.tree?.steps ?? {})
    .filter((step) => step.outcome !== 'warranty')
    .flatMap((step) => [withoutPolicy(step.text), ...(step.choices ?? []).map((choice) => `- ${choice.label}`)])
    .filter((line) => line && !mentionsPolicy(line));
  return [`Topic id: ${topic.id}`, `Title: ${content.title}`, `Answer: ${withoutPolicy(content.answer)}`, ...(steps.length > 0 ? ['Steps:', ...steps] : [])].join('\n');
}

export function groundedSystemPrompt(language: Language): string {
  return [
    `You answer a hotel smart-lock customer's question in ${LANGUAGE_NAMES[language]}, using ONLY the topic texts given. Add nothing they do not say.`,
    'Reply with JSON only: {"topic": "<the id of the topic you used>", "answer": "<at most three short sentences>"}, or {"topic": "none", "answer": ""} when the texts do not answer the question.',
    'Never mention warranty, prices, fees, costs, periods or durations, and no number the texts do not contain. Do not name other topics. Do not add a "From:" line.',
  ].join('\n');
}

/** Why an answer is refused, or undefined when it may be shown. */
export function rejectionOf(answer: string, topicId: string, given: readonly FaqTopic[], all: readonly FaqTopic[], language: Language): string | undefined {
  const text = answer.trim();
  if (!text) return 'empty';
  if (text.length > MAX_ANSWER) return 'too long';
  if (!given.some((topic) => topic.id === topicId)) return 'topic not given';
  const written = detectLanguage(text);
  if (/[\u0600-\u06FF]/.test(text) !== (language === 'ar') || (written !== null && written !== language)) return 'not in the customer\'s language';
  if (WARRANTY_WORDS.test(text)) return 'warranty';
  if (MONEY.test(text)) return 'price';
  if (PERIOD.test(text) || TIMED.test(text)) return 'period';
  const known = new Set(given.flatMap((topic) => numbersIn(topicSource(topic, language))));
  if (numbersIn(text).some((number) => !known.has(number))) return 'number not in the content';
  const lower = text.toLowerCase();
  const other = all.find((topic) => !given.includes(topic) && lower.includes(topic.content[language].title.toLowerCase()));
  if (other || /\bfrom:|المصدر:|fuente:/i.test(text)) return 'names a topic not given';
  return undefined;
}

export function createGroundedAnswerer(model: ChatModel | undefined, logger: Logger): GroundedAnswerer | undefined {
  if (!model) return undefined;
  return {
    async answer(question, language, topics, allTopics) {
      const usable = topics.filter(isAnswerableTopic);
      if (usable.length === 0 || !isQuestion(question) || isPolicyQuestion(question)) return undefined;
      let parsed: { topic?: unknown; answer?: unknown };
      try {
        const content = await model.complete(
          groundedSystemPrompt(language),
          `Topic texts:\n\n${usable.map((topic) => topicSource(topic, language)).join('\n\n')}\n\nQuestion:\n${question.slice(0, 1000)}`,
        );
        parsed = JSON.parse(content.replace(/^```(?:json)?\s*|\s*```$/g, '')) as { topic?: unknown; answer?: unknown };
      } catch (error) {
        logger.warn({ err: { message: (error as Error).message, name: (error as Error).name } }, 'grounded FAQ answer failed; walking the topic instead');
        return undefined;
      }
      if (parsed.topic === 'none') return undefined;
      const topic = typeof parsed.topic === 'string' ? parsed.topic : '';
      const text = typeof parsed.answer === 'string' ? parsed.answer.trim() : '';
      const rejected = rejectionOf(text, topic, usable, allTopics, language);
      if (rejected) {
        logger.warn({ reason: rejected, topic: topic.slice(0, 60) }, 'grounded FAQ answer rejected; walking the topic instead');
        return undefined;
      }
      return { text, topic, model: model.model };
    },
  };
}
