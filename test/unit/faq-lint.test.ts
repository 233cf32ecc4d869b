import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/commands/faq.js';
import { LockCareError } from '../../src/errors.js';
import { lintTopicFolder, loadTopics } from '../../src/faq/topic-loader.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/faq/${name}`, import.meta.url));
const problemsOf = (name: string) => lintTopicFolder(fixture(name), { requiredIds: [] }).map((item) => item.problem);

function captureIo() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk) => (out += String(chunk)));
  stderr.on('data', (chunk) => (err += String(chunk)));
  return { io: { stdout, stderr, stdin: new PassThrough(), env: {} }, out: () => out, err: () => err };
}

describe('faq lint on fixture folders', () => {
  it('finds nothing wrong in a valid folder', () => {
    expect(lintTopicFolder(fixture('valid'), { requiredIds: ['fixture-lock'] })).toEqual([]);
  });

  it('reports a topic missing a language', () => {
    expect(problemsOf('missing-language')).toContain('missing language ar');
  });

  it('reports trees whose shape differs between languages', () => {
    const problems = problemsOf('shape-mismatch');
    expect(problems).toEqual(
      expect.arrayContaining([
        'es: step "extra" is not in en',
        'es: step "beep" has 3 choices, en has 2',
        'es: step "master" staffOnly is false, en has true',
        'ar: step "beep" choice 1 goes to "tech", en goes to "master"',
        'ar: step "tech" has outcome warranty, en has technician',
      ]),
    );
  });

  it('reports dangling step links', () => {
    expect(problemsOf('dangling-link')).toContain('en: step "master": choice "No" points to missing step "nowhere"');
  });

  it('reports unreachable steps', () => {
    expect(problemsOf('unreachable-step')).toEqual(expect.arrayContaining(['en: step "orphan" is unreachable from "beep"', 'ar: step "orphan" is unreachable from "beep"']));
  });

  it('reports staff-only steps whose text does not warn that only authorised staff may do this', () => {
    expect(problemsOf('staff-warning')).toEqual([
      'en: step "master" is staffOnly but its text does not say only authorised hotel staff may do this',
    ]);
  });

  it('reports schema errors with the field path, bad JSON and an id that does not match the file name', () => {
    const schema = problemsOf('schema-error');
    expect(schema.some((problem) => problem.startsWith('content.en.tree.steps.fixed.outcome:'))).toBe(true);
    expect(schema.some((problem) => problem.startsWith('content.en:') && problem.includes('choises'))).toBe(true);
    expect(problemsOf('broken-json')[0]).toMatch(/^invalid JSON/);
    expect(problemsOf('id-mismatch')).toEqual(['id "other-id" does not match the file name (expected "id-mismatch")']);
  });

  it('reports required topics that are missing', () => {
    const problems = lintTopicFolder(fixture('valid'), { requiredIds: ['fixture-lock', 'card-rejected'] });
    expect(problems.map((item) => item.problem)).toEqual(['required topic "card-rejected" is missing (expected card-rejected.json)']);
  });

  it('the loader refuses broken content with E_CONTENT naming the file', () => {
    expect(() => loadTopics(fixture('dangling-link'))).toThrowError(LockCareError);
    expect(() => loadTopics(fixture('dangling-link'))).toThrowError(/dangling-link\.json: en: step "master"/);
    expect(loadTopics(fixture('valid')).map((topic) => topic.id)).toEqual(['fixture-lock']);
  });
});

describe('lockcare faq lint', () => {
  it('prints "<file>: <problem>" per problem and exits 1', async () => {
    const { io, out } = captureIo();
    const code = await run(['lint', '--dir', fixture('unreachable-step')], io);
    expect(code).toBe(1);
    expect(out()).toMatch(/unreachable-step\.json: en: step "orphan" is unreachable from "beep"\n/);
    expect(out()).toMatch(/: required topic "card-rejected" is missing/);
  });

  it('rejects unknown options with a usage error', async () => {
    const { io } = captureIo();
    await expect(run(['lint', '--verbose'], io)).rejects.toMatchObject({ code: 'E_USAGE' });
  });
});
