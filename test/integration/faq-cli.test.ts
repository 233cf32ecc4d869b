import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runLockcare } from '../helpers/run-lockcare.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/faq/', import.meta.url));

const lockcare = (args: string[], stdin = '') => runLockcare(args, { stdin });

describe('lockcare faq search', () => {
  it('prints the confident matches as JSON, best first', async () => {
    const { code, stdout } = await lockcare(['faq', 'search', 'door stays red with the new card room 305', '--json']);
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as { lang: string; results: Array<{ topic: string; score: number }> };
    expect(result.lang).toBe('en');
    expect(result.results[0]!.topic).toBe('card-rejected');
    expect(typeof result.results[0]!.score).toBe('number');
  });

  it('prints empty results for an off-topic question and honours --lang', async () => {
    const { code, stdout } = await lockcare(['faq', 'search', "what's the weather like", '--lang', 'en', '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ lang: 'en', results: [] });
  });

  it('reads JSON lines from stdin and writes one result line per input line', async () => {
    const input = [
      JSON.stringify({ text: 'القفل يصفر ولا يفتح' }),
      JSON.stringify({ text: 'la cerradura no hace nada, ni luz ni sonido', lang: 'es' }),
      JSON.stringify({ text: 'what is the weather', lang: 'en' }),
    ].join('\n');
    const { code, stdout } = await lockcare(['faq', 'search'], `${input}\n`);
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n').map((line) => JSON.parse(line) as { lang: string; results: Array<{ topic: string }> });
    expect(lines).toHaveLength(3);
    expect(lines[0]!.lang).toBe('ar');
    expect(lines[0]!.results.length).toBeGreaterThan(0);
    expect(lines[1]!.lang).toBe('es');
    expect(lines[1]!.results[0]!.topic).toBe('lock-no-response');
    expect(lines[2]).toEqual({ lang: 'en', results: [] });
  });

  it('rejects a bad flag with a clear error and exit code 2', async () => {
    const { code, stderr } = await lockcare(['faq', 'search', 'door', '--lang', 'fr']);
    expect(code).toBe(2);
    expect(stderr).toContain('--lang must be en, es or ar');
    const unknown = await lockcare(['faq', 'search', 'door', '--fast']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown option --fast');
  });

  it('prints help', async () => {
    const { code, stdout } = await lockcare(['faq', '--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('lockcare faq search "<text>" [--lang en|es|ar] [--json]');
  });
});

describe('lockcare faq lint', () => {
  it('exits 0 on the real content', async () => {
    const { code, stdout } = await lockcare(['faq', 'lint']);
    expect(stdout).toBe('');
    expect(code).toBe(0);
  });

  it('exits 1 and names the file and the problem on broken content', async () => {
    const { code, stdout } = await lockcare(['faq', 'lint', '--dir', `${FIXTURES}dangling-link`]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/dangling-link\.json: en: step "master": choice "No" points to missing step "nowhere"/);
  });
});
