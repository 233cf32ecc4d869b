import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** `npm start` under a process manager: SIGTERM to npm must stop the server, not orphan it. */
describe('npm start', () => {
  it('stops the server when npm gets SIGTERM', async () => {
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', PORT: '0', LOG_LEVEL: 'silent', NODE_ENV: 'test', DEMO_AGENT: 'false' };
    const child = spawn('npm', ['start', '--silent'], { cwd: ROOT, env });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no start-up banner: ${output}`)), 30_000);
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /LockCare is running: (http:\/\/\S+?)\/?\s/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
    });
    expect((await fetch(`${url}/healthz`)).status).toBe(200);

    child.kill('SIGTERM');
    await exited;
    // The server itself is gone, not only npm.
    await expect.poll(async () => fetch(`${url}/healthz`).then(() => 'up', () => 'down'), { timeout: 10_000 }).toBe('down');
  }, 60_000);
});
