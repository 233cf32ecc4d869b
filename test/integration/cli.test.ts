import { describe, expect, it } from 'vitest';
import { testTranslator } from '../helpers/core-harness.js';
import { runLockcare } from '../helpers/run-lockcare.js';

const t = testTranslator();

const lockcare = (args: string[], stdin?: string, env: Record<string, string> = {}) => runLockcare(args, { stdin, env });

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
