import { createConnection } from 'node:net';
import { describe, expect, it } from 'vitest';
import { testRedisUrl } from '../helpers/redis.js';

describe('test redis harness', () => {
  it('provides a real redis-server that answers PING', async () => {
    const url = new URL(testRedisUrl());
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = createConnection({ host: url.hostname, port: Number(url.port) }, () => socket.write('PING\r\n'));
      socket.once('data', (data) => {
        socket.destroy();
        resolve(data.toString());
      });
      socket.once('error', reject);
    });
    expect(reply).toBe('+PONG\r\n');
  });
});
