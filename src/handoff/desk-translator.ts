import { createHash } from 'node:crypto';
import type { Config } from '../config.js';
import { createChatModel } from '../core/chat-model.js';
import { LockCareError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/store.js';
import type { AgentLanguage } from './agents-file.js';

/**
 * Translation between an agent's working language and the customer's, through an
 * OpenAI-compatible chat model (`OPENAI_BASE_URL`). Off (undefined) without `OPENAI_API_KEY`.
 * Results are cached in the store by (text, source, target). A failure or a timeout
 * (`TRANSLATION_TIMEOUT_MS`, default 10 s) throws `E_TRANSLATION`: the caller tells the agent,
 * who can send the original; after a failure the translator answers at once for a short while
 * instead of making every console view wait for a model that is down.
 */

const LANGUAGE_NAMES: Record<AgentLanguage, string> = {
  en: 'English',
  es: 'neutral international Spanish (no regional slang; address the customer as "usted")',
  ar: 'Modern Standard Arabic (فصحى, never a dialect)',
  zh: 'Simplified Chinese',
};

export interface Translation {
  text: string;
  from: AgentLanguage;
  to: AgentLanguage;
  model: string;
}

export interface DeskTranslator {
  readonly model: string;
  translate(text: string, from: AgentLanguage, to: AgentLanguage): Promise<Translation>;
}

/** Serials, ticket ids, URLs, e-mail addresses, phone numbers and numbers of two or more digits: a translation must keep them. */
const PROTECTED = /https?:\/\/\S+|[\w.+-]+@[\w-]+\.[\w.-]+|\+?\d[\d\s-]{6,}\d|\b[A-Z0-9]+(?:-[A-Z0-9]+)+\b|\d{2,}(?:[.,]\d+)?|\d[.,]\d+/g;

export function protectedTokens(text: string): string[] {
  return [...new Set(text.match(PROTECTED) ?? [])].map((token) => token.replace(/[.,;:!?)]+$/, ''));
}

export function translationSystemPrompt(from: AgentLanguage, to: AgentLanguage): string {
  return [
    `You translate messages between a hotel smart-lock maker's support agent and a hotel customer, from ${LANGUAGE_NAMES[from]} into ${LANGUAGE_NAMES[to]}.`,
    'Keep exactly as written, character for character: serial numbers (like RF200-2402-00231), ticket ids (like LC-000042), phone numbers, e-mail addresses, URLs, numbers, dates, model and product names.',
    'Translate the meaning faithfully: add nothing, leave nothing out, do not answer the message.',
    'Your whole reply is the translated text only: no quotes, notes, labels or explanations.',
  ].join('\n');
}

export const TRANSLATION_CACHE_TTL_MS = 30 * 86_400_000;
const COOL_DOWN_MS = 30_000;

export function createDeskTranslator(options: {
  openai: Config['openai'];
  timeoutMs: number;
  store: Store;
  logger: Logger;
  now?: () => number;
}): DeskTranslator | undefined {
  const { openai, store, logger } = options;
  if (!openai.apiKey) return undefined;
  const now = options.now ?? Date.now;
  const chat = createChatModel(openai, options.timeoutMs);
  if (!chat) return undefined;
  let failedUntil = 0;
  const cacheKey = (text: string, from: string, to: string) => `translation:${createHash('sha256').update(JSON.stringify([text, from, to])).digest('hex')}`;

  return {
    model: openai.model,
    async translate(text, from, to) {
      if (from === to) return { text, from, to, model: openai.model };
      const key = cacheKey(text, from, to);
      const cached = await store.get(key);
      if (cached) return JSON.parse(cached) as Translation;
      if (now() < failedUntil) throw new LockCareError('E_TRANSLATION', 'Translation is not answering right now; send the original or try again shortly');
      let content: string;
      try {
        content = await chat.complete(translationSystemPrompt(from, to), text);
      } catch (error) {
        failedUntil = now() + COOL_DOWN_MS;
        logger.warn({ err: { message: (error as Error).message, name: (error as Error).name }, from, to }, 'translation failed');
        const timedOut = (error as Error).name.includes('Timeout');
        throw new LockCareError('E_TRANSLATION', timedOut ? 'Translation timed out; send the original or try again' : 'Translation failed; send the original or try again', { cause: error });
      }
      const missing = protectedTokens(text).filter((token) => !content.includes(token));
      if (!content || missing.length > 0) {
        logger.warn({ from, to, missing: missing.length }, 'translation rejected: empty or changed a serial, id, number or URL');
        throw new LockCareError('E_TRANSLATION', 'The translation changed a serial, ticket id, number or link; edit it or send the original');
      }
      failedUntil = 0;
      const translation: Translation = { text: content, from, to, model: openai.model };
      await store.set(key, JSON.stringify(translation), TRANSLATION_CACHE_TTL_MS);
      return translation;
    },
  };
}
