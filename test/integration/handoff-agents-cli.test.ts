import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { verifyPassword } from '../../src/handoff/password-hash.js';

let dir: string;
let agentsFile: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lockcare-agents-'));
  agentsFile = join(dir, 'agents.json');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function lockcare(args: string[], stdin = '') {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const code = await main(args, { stdout, stderr, stdin: Readable.from([stdin]), env: { AGENTS_FILE: agentsFile } });
  return { code, out, err };
}

describe('npx lockcare agents', () => {
  it('adds an agent with the password from a pipe, storing only a scrypt hash', async () => {
    const added = await lockcare(['agents', 'add', 'maria', '--role', 'admin'], 'a-very-long-password\n');
    expect(added).toMatchObject({ code: 0, out: `Added admin "maria" (en) in ${agentsFile}\n` });
    const text = readFileSync(agentsFile, 'utf8');
    expect(text).not.toContain('a-very-long-password');
    const [agent] = JSON.parse(text) as Array<{ username: string; role: string; passwordHash: string }>;
    expect(agent).toMatchObject({ username: 'maria', role: 'admin' });
    expect(await verifyPassword('a-very-long-password', agent!.passwordHash)).toBe(true);
    expect(statSync(agentsFile).mode & 0o077).toBe(0);
    expect((await lockcare(['agents', 'list'])).out).toBe('maria\tadmin\ten\n');
  });

  it('keeps a working language given with --language, also when the password is changed later', async () => {
    expect((await lockcare(['agents', 'add', 'wei', '--language', 'zh'], 'a-very-long-password\n')).out).toBe(`Added agent "wei" (zh) in ${agentsFile}\n`);
    expect((await lockcare(['agents', 'add', 'wei'], 'another-long-password\n')).out).toBe(`Updated agent "wei" (zh) in ${agentsFile}\n`);
    expect(JSON.parse(readFileSync(agentsFile, 'utf8'))).toMatchObject([{ username: 'wei', language: 'zh' }]);
    const refused = await lockcare(['agents', 'add', 'pablo', '--language', 'fr'], 'a-very-long-password\n');
    expect([refused.code, refused.err]).toEqual([2, expect.stringContaining('--language must be en, es, ar or zh')]);
  });

  it('refuses a password shorter than 10 characters and writes nothing', async () => {
    const result = await lockcare(['agents', 'add', 'omar'], 'short\n');
    expect(result.code).toBe(2);
    expect(result.err).toContain('The password is too short: use at least 10 characters');
    expect(() => statSync(agentsFile)).toThrow();
  });

  it('refuses an unknown role, and removes agents', async () => {
    expect((await lockcare(['agents', 'add', 'omar', '--role', 'boss'], 'a-very-long-password\n')).err).toContain('--role must be "agent" or "admin"');
    await lockcare(['agents', 'add', 'omar'], 'a-very-long-password\n');
    expect((await lockcare(['agents', 'remove', 'omar'])).code).toBe(0);
    expect((await lockcare(['agents', 'list'])).out).toContain('No agents');
    expect((await lockcare(['agents', 'remove', 'omar'])).code).toBe(1);
  });
});
