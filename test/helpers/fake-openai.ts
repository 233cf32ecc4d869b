import Fastify from 'fastify';

export interface ChatRequest {
  model: string;
  messages: Array<{ role: string; content: string }>;
  temperature?: number;
  response_format?: { type: string };
}

/** What the fake model answers: the reply text, and how long to wait before answering. */
export type FakeAnswer = { content: string; delayMs?: number };

/**
 * A small OpenAI-compatible server on 127.0.0.1 (`POST /v1/chat/completions`) that records every
 * request and answers with `answer(request)`: a stand-in model the tests control, reached by the
 * real `openai` client through OPENAI_BASE_URL.
 */
export async function startFakeOpenAi(answer: (request: ChatRequest) => FakeAnswer) {
  const requests: ChatRequest[] = [];
  const app = Fastify({ logger: false, forceCloseConnections: true });
  app.post('/v1/chat/completions', async (request, reply) => {
    const body = request.body as ChatRequest;
    requests.push(body);
    const { content, delayMs } = answer(body);
    if (delayMs) await new Promise((done) => setTimeout(done, delayMs));
    if (reply.raw.destroyed) return reply;
    return {
      id: `chatcmpl-${requests.length}`,
      object: 'chat.completion',
      created: 0,
      model: body.model,
      choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
    };
  });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    baseUrl: `${address}/v1`,
    requests,
    /** The translation requests (the system prompt starts "You translate"). */
    translations: () => requests.filter((request) => request.messages[0]?.content.startsWith('You translate')),
    close: () => app.close(),
  };
}
