import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createFaqService } from '../../src/faq/faq-service.js';
import { createLlmTopicSuggester } from '../../src/faq/llm-topic-suggester.js';
import { createSilentLogger } from '../../src/logger.js';
import { choicesOf, texts } from '../helpers/core-harness.js';
import { realFaq, startFaqCore, t } from '../helpers/faq-harness.js';

/**
 * The optional LLM topic suggestion against a tiny OpenAI-compatible server on 127.0.0.1: it is
 * asked only when search is not confident, only a valid topic id is used, and any failure falls
 * back to the normal "not sure" choices.
 */
type Behaviour = { kind: 'answer'; content: string } | { kind: 'status'; status: number } | { kind: 'hang' };

let server: Server;
let baseUrl: string;
let behaviour: Behaviour;
const requests: Array<{ path: string; authorization?: string; body: { model: string; messages: Array<{ role: string; content: string }> } }> = [];
const hanging: ServerResponse[] = [];

beforeAll(async () => {
  server = createServer((request: IncomingMessage, response: ServerResponse) => {
    let raw = '';
    request.on('data', (chunk) => (raw += String(chunk)));
    request.on('end', () => {
      requests.push({ path: request.url ?? '', authorization: request.headers.authorization, body: JSON.parse(raw) });
      if (behaviour.kind === 'hang') {
        hanging.push(response);
        return;
      }
      if (behaviour.kind === 'status') {
        response.writeHead(behaviour.status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'boom' } }));
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          id: 'chatcmpl-test',
          object: 'chat.completion',
          created: 0,
          model: 'test-model',
          choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: behaviour.content } }],
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

afterAll(async () => {
  for (const response of hanging) response.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  requests.length = 0;
  behaviour = { kind: 'answer', content: '{"topic":"none"}' };
});

async function coreWithModel(env: Record<string, string>) {
  // A generous timeout, so an answering model is never cut off on a busy machine; the hang case sets its own.
  const config = loadConfig({ OPENAI_BASE_URL: baseUrl, OPENAI_MODEL: 'test-model', OPENAI_TIMEOUT_MS: '10000', ...env });
  const logger = createSilentLogger();
  const faq = await createFaqService({ dir: 'faq', logger, suggester: createLlmTopicSuggester(config.openai, logger) });
  return startFaqCore({ faq });
}

/** Vague enough that search is not confident. */
const VAGUE = 'something odd with number 12 again today';

describe('LLM topic suggestion', () => {
  it('uses a valid topic id the model picks, and sends it the topic list', async () => {
    behaviour = { kind: 'answer', content: '{"topic":"environment-damage"}' };
    const { user } = await coreWithModel({ OPENAI_API_KEY: 'sk-test' });
    const shown = await user().say(VAGUE);
    const content = (await realFaq()).topic('environment-damage')!.content.en;
    expect(shown).toContain(t.t('en', 'faq.topicAnswer', { title: content.title, answer: content.answer }));
    expect(requests).toHaveLength(1);
    expect(requests[0]!.path).toBe('/v1/chat/completions');
    expect(requests[0]!.authorization).toBe('Bearer sk-test');
    expect(requests[0]!.body.model).toBe('test-model');
    const prompt = requests[0]!.body.messages.map((message) => message.content).join('\n');
    expect(prompt).toContain('environment-damage');
    expect(prompt).toContain(VAGUE);
    expect(prompt).not.toContain('warranty-terms');
  });

  it.each([
    ['an unknown id', { kind: 'answer', content: '{"topic":"make-coffee"}' }],
    ['"none"', { kind: 'answer', content: '{"topic":"none"}' }],
    ['text that is not JSON', { kind: 'answer', content: 'I think it is the battery' }],
    ['a server error', { kind: 'status', status: 500 }],
    ['a timeout', { kind: 'hang' }],
  ] as const)('falls back to the "not sure" choices on %s', async (_label, answer) => {
    behaviour = answer;
    const { user } = await coreWithModel({ OPENAI_API_KEY: 'sk-test', ...(answer.kind === 'hang' ? { OPENAI_TIMEOUT_MS: '300' } : {}) });
    const out = await user().send(VAGUE);
    expect(texts(out).at(-1)).toBe(t.t('en', 'faq.notSure'));
    expect(choicesOf(out).at(-1)?.value).toBe('menu:human');
    expect(requests).toHaveLength(1);
  });

  it('never calls the model without an API key', async () => {
    behaviour = { kind: 'answer', content: '{"topic":"environment-damage"}' };
    const { user } = await coreWithModel({});
    expect((await user().say(VAGUE)).at(-1)).toBe(t.t('en', 'faq.notSure'));
    expect(requests).toHaveLength(0);
  });

  it('is not asked when search is confident', async () => {
    behaviour = { kind: 'answer', content: '{"topic":"environment-damage"}' };
    const { user } = await coreWithModel({ OPENAI_API_KEY: 'sk-test' });
    await user().say('door stays red with the guest card');
    expect(requests).toHaveLength(0);
  });
});
