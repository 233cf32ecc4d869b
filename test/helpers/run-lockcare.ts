import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * `lockcare ...` as an operator runs it: a real process from the repository root with a clean
 * environment (only PATH and HOME, plus `env`), so REDIS_URL or other settings of the machine
 * running the tests never leak in. Returns its output and exit code.
 */
export function runLockcare(args: string[], options: { stdin?: string; env?: Record<string, string> } = {}): Promise<CliResult> {
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LOG_LEVEL: 'silent', NODE_ENV: 'test', DEMO_AGENT: 'false', ...options.env };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/lockcare.js', ...args], { cwd: ROOT, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.stdin ?? '');
  });
}
