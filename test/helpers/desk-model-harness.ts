import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LockCareOverrides } from '../../src/app.js';
import { writeAgentsFile, type AgentLanguage } from '../../src/handoff/agents-file.js';
import { hashPassword } from '../../src/handoff/password-hash.js';
import { createTestApp } from './app-harness.js';
import { startFakeOpenAi, type ChatRequest, type FakeAnswer } from './fake-openai.js';

/**
 * The whole app with a desk of agents (all with one password) and the fake OpenAI-compatible
 * server on 127.0.0.1 as its model: what the translation, summary and survey-translation tests share.
 */
export async function startDeskWithModel(options: {
  agents: Array<{ username: string; role: 'agent' | 'admin'; language?: AgentLanguage }>;
  password: string;
  answer: (request: ChatRequest) => FakeAnswer;
  model: string;
  translationTimeoutMs: number;
  overrides?: LockCareOverrides;
}) {
  const dir = mkdtempSync(join(tmpdir(), 'lockcare-desk-model-'));
  const passwordHash = await hashPassword(options.password);
  writeAgentsFile(
    join(dir, 'agents.json'),
    options.agents.map((agent) => ({ ...agent, passwordHash })),
  );
  const model = await startFakeOpenAi(options.answer);
  const harness = await createTestApp(
    {
      AGENTS_FILE: join(dir, 'agents.json'),
      OPENAI_API_KEY: 'test-key',
      OPENAI_BASE_URL: model.baseUrl,
      OPENAI_MODEL: options.model,
      TRANSLATION_TIMEOUT_MS: String(options.translationTimeoutMs),
    },
    options.overrides ?? {},
  );
  return {
    model,
    harness,
    /** The agents file, for a second app without a model (the no-key case). */
    agentsFile: join(dir, 'agents.json'),
    async close() {
      await harness.close();
      await model.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
