import OpenAI from 'openai';

/**
 * One chat completion at a time from an OpenAI-compatible model (`OPENAI_BASE_URL`), at
 * temperature 0 with no retries: the ticket summary and the grounded FAQ answers use it. Undefined
 * without `OPENAI_API_KEY`, so every caller has a clear "off" path. Errors and timeouts are thrown
 * as the `openai` client raises them; callers decide what the user sees.
 */
export interface ChatModel {
  readonly model: string;
  /** The model's whole reply to one system + one user message, trimmed. */
  complete(system: string, user: string, options?: { timeoutMs?: number }): Promise<string>;
}

/** The OPENAI_* settings (config.openai). */
export interface ChatModelSettings {
  apiKey?: string;
  baseUrl?: string;
  model: string;
  timeoutMs: number;
}

export function createChatModel(openai: ChatModelSettings, timeoutMs = openai.timeoutMs): ChatModel | undefined {
  if (!openai.apiKey) return undefined;
  const client = new OpenAI({ apiKey: openai.apiKey, ...(openai.baseUrl ? { baseURL: openai.baseUrl } : {}), timeout: timeoutMs, maxRetries: 0 });
  return {
    model: openai.model,
    async complete(system, user, options = {}) {
      const completion = await client.chat.completions.create(
        {
          model: openai.model,
          temperature: 0,
          messages: [
            { role: 'system', content: system },
            { role: 'user', content: user },
          ],
        },
        { timeout: options.timeoutMs ?? timeoutMs },
      );
      return (completion.choices[0]?.message?.content ?? '').trim();
    },
  };
}
