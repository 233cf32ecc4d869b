import { LockCareError } from '../../errors.js';

export interface OutboundPacerOptions {
  /** Minimum time between two sends to the same chat (`config.outbound.minIntervalMs`). */
  minIntervalMs: number;
  /** Epoch milliseconds; default `Date.now` (vitest fake timers control both). */
  now?: () => number;
}

interface ChatLane {
  tail: Promise<void>;
  /** When the last send to this chat started. */
  lastAt: number;
  pending: number;
}

/**
 * Paces outbound messages per chat: sends to one chat run in order (FIFO), at least
 * `minIntervalMs` apart, so a burst of replies does not trip the platform's spam limits.
 * Chats never wait for each other.
 */
export class OutboundPacer {
  private readonly lanes = new Map<string, ChatLane>();
  private readonly waits = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
  private readonly now: () => number;
  private stopped = false;

  constructor(private readonly options: OutboundPacerOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Queue `send` for `chatKey`; resolves with its result once it has run (after its turn and the interval). */
  enqueue<T>(chatKey: string, send: () => Promise<T>): Promise<T> {
    if (this.stopped) return Promise.reject(new LockCareError('E_CHANNEL_SEND', 'The channel is stopping; message not sent'));
    const lane = this.lanes.get(chatKey) ?? { tail: Promise.resolve(), lastAt: Number.NEGATIVE_INFINITY, pending: 0 };
    this.lanes.set(chatKey, lane);
    lane.pending += 1;
    const run = lane.tail.then(async () => {
      const wait = lane.lastAt + this.options.minIntervalMs - this.now();
      if (wait > 0 && !this.stopped) await this.sleep(wait);
      if (this.stopped) throw new LockCareError('E_CHANNEL_SEND', 'The channel is stopping; message not sent');
      lane.lastAt = this.now();
      return send();
    });
    lane.tail = run.then(
      () => this.release(chatKey, lane),
      () => this.release(chatKey, lane),
    );
    return run;
  }

  /** Messages queued or being sent, over all chats. */
  pendingCount(): number {
    let total = 0;
    for (const lane of this.lanes.values()) total += lane.pending;
    return total;
  }

  /** Refuse new sends and fail the queued ones (channel shutdown). */
  stop(): void {
    this.stopped = true;
    for (const wait of this.waits) {
      clearTimeout(wait.timer);
      wait.resolve();
    }
    this.waits.clear();
  }

  private release(chatKey: string, lane: ChatLane): void {
    lane.pending -= 1;
    // An idle lane is only needed while its interval runs; drop it afterwards.
    if (lane.pending === 0 && this.lanes.get(chatKey) === lane) {
      const left = lane.lastAt + this.options.minIntervalMs - this.now();
      if (left <= 0) this.lanes.delete(chatKey);
      else {
        const timer = setTimeout(() => {
          if (lane.pending === 0 && this.lanes.get(chatKey) === lane) this.lanes.delete(chatKey);
        }, left);
        timer.unref();
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wait = {
        timer: setTimeout(() => {
          this.waits.delete(wait);
          resolve();
        }, ms),
        resolve,
      };
      this.waits.add(wait);
    });
  }
}
