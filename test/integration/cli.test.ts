import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { testTranslator } from '../helpers/core-harness.js';

const root = new URL('../../', import.meta.url).pathname;
const t = testTranslator();

function lockcare(args: string[], input?: string, env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/lockcare.js', ...args], {
      cwd: root,
      env: { ...process.env, LOG_LEVEL: 'silent', DEMO_AGENT: 'false', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

describe('the lockcare command', () => {
  it('lists its commands with --help', async () => {
    const result = await lockcare(['--help']);
    expect(result.code).toBe(0);
    for (const name of ['start', 'chat', 'faq', 'warranty', 'registry', 'agents', 'bench']) expect(result.stdout).toMatch(new RegExp(`^  ${name} `, 'm'));
  });

  it('rejects an unknown command with usage and exit code 2', async () => {
    const result = await lockcare(['frobnicate']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown command "frobnicate"');
    expect(result.stderr).toContain('Usage: lockcare <command>');
  });

  it('prints help for start and chat', async () => {
    for (const name of ['start', 'chat']) {
      const result = await lockcare([name, '--help']);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`Usage: lockcare ${name}`);
    }
  });

  it('stops with the bad variable named when the configuration is wrong', async () => {
    const result = await lockcare(['start'], undefined, { PORT: 'abc' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('PORT');
    expect(result.stderr).toContain('[E_CONFIG]');
  });

  it('chats in the terminal: Spanish greeting, the menu as a numbered list, a numbered answer', async () => {
    const result = await lockcare(['chat'], 'hola\n4\n3\n/quit\n');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(t.t('es', 'menu.greeting'));
    expect(result.stdout).toContain(`1. ${t.t('es', 'menu.options.troubleshoot')}`);
    expect(result.stdout).toContain(`4. ${t.t('es', 'menu.options.language')}`);
    expect(result.stdout).toContain(t.t('ar', 'language.changed'));
  });
});
