import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster } from '../helpers/redis-cluster.js';
import { freePort, startTestRedis } from '../helpers/redis-server.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CONVERSATIONS = 200;
const PARALLEL = 20;

interface Instance {
  url: string;
  child: ChildProcess;
  output: string[];
}

/** `lockcare start` as a real process on its own port, sharing the Redis at `redisUrl`. */
async function startInstance(storeEnv: Record<string, string>): Promise<Instance> {
  const port = await freePort();
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    DEMO_AGENT: 'false',
    PORT: String(port),
    ...storeEnv,
    // The test plays 200 customers from one machine: each gets its own address through the proxy header.
    TRUST_PROXY: '127.0.0.1',
    AGENTS_FILE: '/nonexistent/agents.json',
  };
  const child = spawn(process.execPath, ['bin/lockcare.js', 'start'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  child.stdout!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`lockcare start exited with ${child.exitCode}:\n${output.join('')}`);
    const ready = await fetch(`${url}/readyz`).then((response) => response.ok, () => false);
    if (ready) return { url, child, output };
    if (Date.now() > deadline) throw new Error(`lockcare start did not become ready:\n${output.join('')}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function stopInstance(instance: Instance): Promise<void> {
  if (instance.child.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    instance.child.once('exit', () => resolve());
    instance.child.kill('SIGTERM');
  });
}

interface WebMessage {
  text: string;
  from: string;
}

async function post(url: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: response.status, json: await response.json() };
}

/** Where the three processes keep their data: one Redis, or a three-master Redis Cluster. */
const backends: Array<[string, () => Promise<{ env: Record<string, string>; stop(): Promise<void> }>]> = [
  [
    'one Redis',
    async () => {
      const redis = await startTestRedis();
      return { env: { REDIS_URL: redis.url }, stop: () => redis.stop() };
    },
  ],
  [
    'a three-master Redis Cluster',
    async () => {
      const cluster = await startTestCluster();
      // Each process is given one seed node and finds the others.
      return { env: { REDIS_CLUSTER_URLS: cluster.urls[0]! }, stop: () => cluster.stop() };
    },
  ],
];

describe.each(backends)('three LockCare processes on %s, no sticky sessions', (backend, open) => {
  let store: { env: Record<string, string>; stop(): Promise<void> } | undefined;
  const instances: Instance[] = [];

  beforeAll(async () => {
    store = await open();
    instances.push(...(await Promise.all([1, 2, 3].map(() => startInstance(store!.env)))));
  }, 120_000);

  afterAll(async () => {
    await Promise.all(instances.map(stopInstance));
    await store?.stop();
  });

  it(`${CONVERSATIONS} web conversations driven round-robin across the three: every message answered exactly once, none lost`, async () => {
    const script = ['hello', '1', 'menu'];
    let request = 0;
    const next = () => instances[request++ % instances.length]!.url;
    const problems: string[] = [];

    async function converse(index: number): Promise<void> {
      const forwardedFor = { 'x-forwarded-for': `10.9.${Math.floor(index / 250)}.${index % 250}` };
      const opened = await post(next(), '/api/web/conversations', {}, forwardedFor);
      if (opened.status !== 201) return void problems.push(`#${index} open: ${opened.status}`);
      const { conversationId, token } = opened.json as { conversationId: string; token: string };
      const auth = { ...forwardedFor, authorization: `Bearer ${token}` };
      const answered: string[] = [];
      for (const [step, text] of script.entries()) {
        const clientMessageId = `${index}-${step}`;
        const reply = await post(next(), `/api/web/conversations/${conversationId}/messages`, { text, clientMessageId }, auth);
        const messages = (reply.json as { messages?: WebMessage[] }).messages ?? [];
        if (reply.status !== 200 || messages.length === 0) problems.push(`#${index} "${text}": ${reply.status} ${JSON.stringify(reply.json)}`);
        answered.push(...messages.map((message) => message.text));
        // The client did not see the answer and sends the same message again, to another process.
        if (step === 1) {
          const again = await post(next(), `/api/web/conversations/${conversationId}/messages`, { text, clientMessageId }, auth);
          if ((again.json as { duplicate?: boolean }).duplicate !== true || (again.json as { messages: unknown[] }).messages.length !== 0) {
            problems.push(`#${index} repeat answered: ${JSON.stringify(again.json)}`);
          }
        }
      }
      // What any process has for this conversation: the three lines, once each, in order, and every reply given.
      const history = await fetch(`${next()}/api/web/conversations/${conversationId}/messages`, { headers: auth }).then((response) => response.json() as Promise<{ messages: WebMessage[] }>);
      const customerLines = history.messages.filter((message) => message.from === 'customer').map((message) => message.text);
      const botLines = history.messages.filter((message) => message.from !== 'customer').map((message) => message.text);
      if (JSON.stringify(customerLines) !== JSON.stringify(script)) problems.push(`#${index} transcript customer lines: ${JSON.stringify(customerLines)}`);
      if (JSON.stringify(botLines) !== JSON.stringify(answered)) problems.push(`#${index} transcript replies differ from the answers given`);
    }

    const started = Date.now();
    let nextIndex = 0;
    await Promise.all(
      Array.from({ length: PARALLEL }, async () => {
        while (nextIndex < CONVERSATIONS) await converse(nextIndex++);
      }),
    );
    const elapsed = Date.now() - started;
    expect(problems).toEqual([]);
    expect(request).toBe(CONVERSATIONS * (1 + script.length + 1 + 1));
    process.stdout.write(`three processes on ${backend}: ${CONVERSATIONS} conversations, ${request} requests in ${elapsed} ms\n`);
    for (const instance of instances) expect(instance.output.join('')).not.toMatch(/"level":(50|60)/);
  }, 180_000);
});
