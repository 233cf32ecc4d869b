import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { OutboundPacer } from '../../src/channels/shared/outbound-pacer.js';

describe('OutboundPacer', () => {
  beforeEach(() => vi.useFakeTimers({ now: new Date('2026-11-21T10:00:00Z') }));
  afterEach(() => vi.useRealTimers());

  it('sends to one chat in order, at least the minimum interval apart', async () => {
    const pacer = new OutboundPacer({ minIntervalMs: 1000 });
    const sent: Array<{ text: string; at: number }> = [];
    const send = (text: string) => pacer.enqueue('chat-a', async () => void sent.push({ text, at: Date.now() }));
    const all = Promise.all([send('one'), send('two'), send('three')]);
    await vi.advanceTimersByTimeAsync(0);
    expect(sent.map((item) => item.text)).toEqual(['one']);
    await vi.advanceTimersByTimeAsync(999);
    expect(sent.map((item) => item.text)).toEqual(['one']);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent.map((item) => item.text)).toEqual(['one', 'two']);
    await vi.advanceTimersByTimeAsync(1000);
    await all;
    expect(sent.map((item) => item.text)).toEqual(['one', 'two', 'three']);
    expect(sent[2]!.at - sent[0]!.at).toBe(2000);
  });

  it('does not make other chats wait', async () => {
    const pacer = new OutboundPacer({ minIntervalMs: 5000 });
    const sent: string[] = [];
    void pacer.enqueue('chat-a', async () => void sent.push('a1'));
    void pacer.enqueue('chat-a', async () => void sent.push('a2'));
    void pacer.enqueue('chat-b', async () => void sent.push('b1'));
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toEqual(['a1', 'b1']);
    await vi.advanceTimersByTimeAsync(5000);
    expect(sent).toEqual(['a1', 'b1', 'a2']);
  });

  it('keeps the interval after an idle chat writes again soon', async () => {
    const pacer = new OutboundPacer({ minIntervalMs: 1000 });
    const times: number[] = [];
    await pacer.enqueue('chat-a', async () => void times.push(Date.now()));
    await vi.advanceTimersByTimeAsync(300);
    const second = pacer.enqueue('chat-a', async () => void times.push(Date.now()));
    await vi.advanceTimersByTimeAsync(700);
    await second;
    expect(times[1]! - times[0]!).toBe(1000);
  });

  it('a failed send rejects its caller and does not block the queue', async () => {
    const pacer = new OutboundPacer({ minIntervalMs: 0 });
    const failed = pacer.enqueue('chat-a', async () => {
      throw new Error('network down');
    });
    const next = pacer.enqueue('chat-a', async () => 'delivered');
    await expect(failed).rejects.toThrow('network down');
    await expect(next).resolves.toBe('delivered');
  });

  it('stop() fails queued messages with E_CHANNEL_SEND instead of sending them', async () => {
    const pacer = new OutboundPacer({ minIntervalMs: 1000 });
    const sent: string[] = [];
    await pacer.enqueue('chat-a', async () => void sent.push('first'));
    const queued = pacer.enqueue('chat-a', async () => void sent.push('second'));
    pacer.stop();
    await expect(queued).rejects.toMatchObject({ code: 'E_CHANNEL_SEND' });
    await expect(pacer.enqueue('chat-b', async () => void sent.push('third'))).rejects.toMatchObject({ code: 'E_CHANNEL_SEND' });
    expect(sent).toEqual(['first']);
  });
});
