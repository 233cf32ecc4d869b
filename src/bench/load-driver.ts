import { performance } from 'node:perf_hooks';
import { percentile } from './suite.js';

/** One measured load run. Latencies are per turn, in milliseconds. */
export interface LoadResult {
  turns: number;
  seconds: number;
  turnsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

export interface LoadPlan {
  conversations: number;
  turnsPerConversation: number;
  /** Turns running at once (across different conversations). */
  inFlight: number;
  /** Run turn `turn` (0-based) of conversation `conversation` (0-based). */
  runTurn(conversation: number, turn: number): Promise<void>;
}

/**
 * Drive many conversations at once, like many users chatting: `inFlight` workers take the
 * conversation at the head of a ready queue, run its next turn, and put it back at the tail.
 * A conversation is out of the queue while its turn runs, so two turns of one conversation never
 * overlap (as with a real user, who waits for the reply), and all conversations stay live.
 */
export async function runLoad(plan: LoadPlan): Promise<LoadResult> {
  const ready: number[] = Array.from({ length: plan.conversations }, (_, i) => i);
  const nextTurn = new Uint16Array(plan.conversations);
  const latencies: number[] = [];
  let head = 0;
  const worker = async () => {
    while (head < ready.length) {
      const conversation = ready[head]!;
      head += 1;
      const turn = nextTurn[conversation]!;
      const started = performance.now();
      await plan.runTurn(conversation, turn);
      latencies.push(performance.now() - started);
      nextTurn[conversation] = turn + 1;
      if (turn + 1 < plan.turnsPerConversation) ready.push(conversation);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.min(plan.inFlight, plan.conversations) }, worker));
  const seconds = (performance.now() - started) / 1000;
  return {
    turns: latencies.length,
    seconds,
    turnsPerSecond: latencies.length / seconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
  };
}
