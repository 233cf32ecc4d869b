import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { writeAgentsFile } from '../../src/handoff/agents-file.js';
import { createHandoffFeature } from '../../src/handoff/handoff-feature.js';
import { createSilentLogger } from '../../src/logger.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { hashPassword } from '../../src/handoff/password-hash.js';
import { TestClock, testTranslator } from '../helpers/core-harness.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function agentsPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lockcare-demo-'));
  dirs.push(dir);
  return join(dir, 'agents.json');
}

async function startFeature(env: Record<string, string>) {
  const config = loadConfig({ LOG_LEVEL: 'silent', ...env });
  const clock = new TestClock();
  const setup = await createHandoffFeature({
    config,
    logger: createSilentLogger(),
    store: new MemoryStore(() => clock.now().getTime()),
    translator: testTranslator(),
    clock,
    core: () => {
      throw new Error('not used');
    },
  });
  return { setup, banner: setup.banner?.() ?? [] };
}

describe('the demo agent', () => {
  it('is on for the embedded default and off by default in production or with Redis', () => {
    expect(loadConfig({}).handoff.demoAgent).toBe(true);
    expect(loadConfig({ NODE_ENV: 'production' }).handoff.demoAgent).toBe(false);
    expect(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379' }).handoff.demoAgent).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', DEMO_AGENT: 'true' }).handoff.demoAgent).toBe(true);
    expect(loadConfig({ DEMO_AGENT: 'false' }).handoff.demoAgent).toBe(false);
  });

  it('a production start prints no demo login and creates no demo account', async () => {
    const { setup, banner } = await startFeature({ NODE_ENV: 'production', AGENTS_FILE: agentsPath() });
    expect(banner.join('\n')).not.toMatch(/Demo agent login|username "demo"/);
    expect(banner.join('\n')).toMatch(/No agents yet/);
    expect(setup.directory.find('demo')).toBeUndefined();
  });

  it('the embedded default prints a one-time demo login, which stops working once the agents file exists', async () => {
    const path = agentsPath();
    const { setup, banner } = await startFeature({ AGENTS_FILE: path });
    expect(banner.join('\n')).toMatch(/Demo agent login \(this run only\): username "demo", password "[\w-]{12,}"/);
    expect(setup.directory.find('demo')?.role).toBe('admin');
    writeAgentsFile(path, [{ username: 'maria', role: 'agent', passwordHash: await hashPassword('maria-password-1') }]);
    expect(setup.directory.find('demo')).toBeUndefined();
    expect(setup.directory.list().map((agent) => agent.username)).toEqual(['maria']);
  });
});
