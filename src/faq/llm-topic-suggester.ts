import OpenAI from 'openai';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';

/**
 * Optional help for messages the search is not confident about: an OpenAI-compatible chat model
 * picks ONE topic id from the list (or "none"). Only a valid id from the list is accepted; any
 * error or timeout falls back silently to the normal "did you mean" choices. The model never
 * answers the user and is never asked about warranty: warranty topics are not offered to it.
 */
export interface TopicSuggester {
  suggest(text: string, topics: ReadonlyArray<{ id: string; title: string }>): Promise<string | undefined>;
}

const SYSTEM_PROMPT =
  'You route hotel smart-lock support messages to FAQ topics. Reply with JSON only: {"topic": "<id>"} using exactly one id ' +
  'from the list, or {"topic": "none"} when no topic clearly fits. Never invent ids.';

/** Warranty decisions come from the warranty policies, never from a model. */
const EXCLUDED = /^warranty/;

export function createLlmTopicSuggester(config: Config['openai'], logger: Logger): TopicSuggester | undefined {
  if (!config.apiKey) return undefined;
  const client = new OpenAI({
    apiKey: config.apiKey,
    ...(config.baseUrl ? { baseURL: config.baseUrl } : {}),
    timeout: config.timeoutMs,
    maxRetries: 0,
  });
  return {
    async suggest(text, topics) {
      const allowed = topics.filter((topic) => !EXCLUDED.test(topic.id));
      const ids = new Set(allowed.map((topic) => topic.id));
      try {
        const completion = await client.chat.completions.create({
          model: config.model,
          temperature: 0,
          response_format: { type: 'json_object' },
          messages: [
            { role: 'system', content: SYSTEM_PROMPT },
            {
              role: 'user',
              content: `Topics:\n${allowed.map((topic) => `${topic.id}: ${topic.title}`).join('\n')}\n\nMessage:\n${text.slice(0, 1000)}`,
            },
          ],
        });
        const content = completion.choices[0]?.message?.content ?? '';
        const parsed = JSON.parse(content) as unknown;
        const topic = typeof parsed === 'object' && parsed !== null ? (parsed as { topic?: unknown }).topic : undefined;
        if (typeof topic === 'string' && ids.has(topic)) return topic;
        if (topic !== 'none') logger.warn({ answer: typeof topic === 'string' ? topic.slice(0, 80) : typeof topic }, 'LLM topic suggestion ignored: not a known topic id');
        return undefined;
      } catch (error) {
        logger.warn({ err: { message: (error as Error).message, name: (error as Error).name } }, 'LLM topic suggestion failed; using the search suggestions');
        return undefined;
      }
    },
  };
}
