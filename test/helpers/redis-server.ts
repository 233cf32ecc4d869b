import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A private redis-server for tests, on a free port on 127.0.0.1, keeping nothing on disk.
 * When the `redis-server` binary is missing, tests use REDIS_URL; with neither they fail
 * with a message saying how to get one (never a silent skip).
 */
export interface TestRedis {
  url: string;
  port: number;
  /** Kill the server and start it again on the same port (data is lost, like a real restart without persistence). */
  restart(): Promise<void>;
  stop(): Promise<void>;
  /** Only for servers this harness started. */
  readonly owned: boolean;
}

export function hasRedisServerBinary(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, timeoutMs = 10_000): Promise<void> {
  const { createConnection } = await import('node:net');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with code ${child.exitCode}`);
    const up = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ port, host: '127.0.0.1' }, () => {
        socket.write('PING\r\n');
      });
      socket.once('data', (data) => {
        socket.destroy();
        resolve(data.toString().includes('PONG'));
      });
      socket.once('error', () => resolve(false));
    });
    if (up) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`redis-server did not answer on port ${port} within ${timeoutMs} ms`);
}

export async function startTestRedis(): Promise<TestRedis> {
  if (!hasRedisServerBinary()) {
    const url = process.env.REDIS_URL;
    if (!url) {
      throw new Error(
        'These tests need a real Redis. Install one (`apt-get install -y redis-server`, or `brew install redis`) so the tests can start their own, or set REDIS_URL=redis://127.0.0.1:6379 to use a running server.',
      );
    }
    return {
      url,
      port: Number(new URL(url).port || 6379),
      owned: false,
      async restart() {
        throw new Error('Cannot restart a Redis this harness did not start (REDIS_URL)');
      },
      async stop() {},
    };
  }
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'lockcare-redis-'));
  let child: ChildProcess;
  const launch = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--loglevel', 'warning'], {
      stdio: 'ignore',
    });
    await waitForPort(port, child);
  };
  const kill = async () => {
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  };
  await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    owned: true,
    async restart() {
      await kill();
      await launch();
    },
    async stop() {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
