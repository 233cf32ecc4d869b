import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from 'redis';
import { freePort, hasRedisServerBinary } from './redis-server.js';

/**
 * A private three-master Redis Cluster on 127.0.0.1 for tests: three `redis-server
 * --cluster-enabled yes` on free ports, joined with `redis-cli --cluster create … --cluster-replicas 0`,
 * keeping nothing on disk beyond a temporary folder removed by `stop()`.
 */
export interface TestCluster {
  urls: string[];
  stop(): Promise<void>;
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function clusterInfo(port: number): Promise<string> {
  const client = createClient({ url: `redis://127.0.0.1:${port}`, socket: { reconnectStrategy: false } });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return String(await client.sendCommand(['CLUSTER', 'INFO']));
  } catch {
    return '';
  } finally {
    if (client.isOpen) await client.close().catch(() => undefined);
  }
}

export async function startTestCluster(): Promise<TestCluster> {
  if (!hasRedisServerBinary()) throw new Error('The cluster tests need redis-server and redis-cli (apt-get install -y redis-server)');
  const dir = mkdtempSync(join(tmpdir(), 'lockcare-cluster-'));
  const ports: number[] = [];
  while (ports.length < 3) {
    const port = await freePort();
    // Cluster nodes also listen on port + 10000 for the cluster bus.
    if (port < 55_000 && !ports.includes(port)) ports.push(port);
  }
  const children: ChildProcess[] = ports.map((port) =>
    spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`, '--cluster-node-timeout', '5000', '--save', '', '--appendonly', 'no', '--dir', dir, '--loglevel', 'warning'],
      { stdio: 'ignore' },
    ),
  );
  const stop = async () => {
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGKILL');
          }),
      ),
    );
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (const port of ports) {
      const deadline = Date.now() + 10_000;
      while (!(await clusterInfo(port))) {
        if (Date.now() > deadline) throw new Error(`cluster node on port ${port} did not start`);
        await delay(50);
      }
    }
    const created = spawnSync('redis-cli', ['--cluster', 'create', ...ports.map((port) => `127.0.0.1:${port}`), '--cluster-replicas', '0', '--cluster-yes'], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    if (created.status !== 0) throw new Error(`redis-cli --cluster create failed: ${created.stdout}${created.stderr}`);
    const deadline = Date.now() + 20_000;
    for (const port of ports) {
      while (!(await clusterInfo(port)).includes('cluster_state:ok')) {
        if (Date.now() > deadline) throw new Error(`the cluster did not become ready (port ${port})`);
        await delay(100);
      }
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { urls: ports.map((port) => `redis://127.0.0.1:${port}`), stop };
}
