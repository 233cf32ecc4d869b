import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from 'redis';

/**
 * A private redis-server on a free port on 127.0.0.1 that keeps nothing on disk, for the
 * benchmark (`lockcare bench` without REDIS_URL) and the tests (test/helpers/redis-server.ts).
 */
export interface RedisProcess {
  url: string;
  port: number;
  /** Kill the server and start it again on the same port (data is lost, like a restart without persistence). */
  restart(): Promise<void>;
  /** Kill the server (an outage) but keep the port and directory for `up()`. */
  down(): Promise<void>;
  /** Start the server again after `down()`, on the same port. */
  up(): Promise<void>;
  /** Freeze the server (SIGSTOP): connections stay open but nothing answers. */
  freeze(): void;
  /** Let a frozen server run again (SIGCONT). */
  thaw(): void;
  /** Kill the server for good and remove its directory. */
  stop(): Promise<void>;
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

function answersPing(port: number): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' }, () => socket.write('PING\r\n'));
    socket.setTimeout(1000, () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString().includes('PONG'));
    });
    socket.once('error', () => resolve(false));
  });
}

async function waitForPort(port: number, child: ChildProcess, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with code ${child.exitCode}`);
    if (await answersPing(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`redis-server did not answer on port ${port} within ${timeoutMs} ms`);
}

/**
 * Start a private redis-server. Throws when the `redis-server` binary is missing; callers say
 * how to get one (install it, or set REDIS_URL to use a running server).
 */
export async function startRedisProcess(): Promise<RedisProcess> {
  if (!hasRedisServerBinary()) {
    throw new Error('redis-server is not installed (apt-get install -y redis-server, or brew install redis), and REDIS_URL is not set');
  }
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'lockcare-redis-'));
  let child: ChildProcess | undefined;
  const launch = async () => {
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--loglevel', 'warning'];
    child = spawn('redis-server', args, { stdio: 'ignore' });
    await waitForPort(port, child);
  };
  const kill = async () => {
    const running = child;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      running.once('exit', () => resolve());
      running.kill('SIGKILL');
    });
  };
  await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async restart() {
      await kill();
      await launch();
    },
    down: kill,
    up: launch,
    freeze: () => void child?.kill('SIGSTOP'),
    thaw: () => void child?.kill('SIGCONT'),
    async stop() {
      child?.kill('SIGCONT');
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Remove the keys a benchmark run left in Redis (which may be a shared server from REDIS_URL). */
export async function removeKeysWithPrefix(redisUrl: string, prefix: string): Promise<void> {
  const client = createClient({ url: redisUrl, RESP: 2 });
  client.on('error', () => undefined);
  await client.connect();
  for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 1000 })) {
    if (keys.length > 0) await client.unlink(keys);
  }
  await client.close();
}
