/**
 * Heap retained per idle conversation in MemoryStore: run N conversations through one greeting
 * turn, collect garbage, and divide the heap growth by N (state, transcript and dedupe key all
 * count). Needs `global.gc`: `measureIdleHeap` runs this file in a child `node --expose-gc`
 * unless the current process already has it.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dedupeKeyOf, stateKeyOf } from '../core/conversation-core.js';
import { transcriptKeyOf } from '../core/transcript.js';
import { MemoryStore } from '../store/memory-store.js';
import { assembleBenchCore, benchMessage } from './bench-core.js';

export interface HeapProbeResult {
  conversations: number;
  bytesPerConversation: number;
  /** Characters of stored text per conversation (state JSON, transcript entries, keys): what no layout can go below. */
  payloadBytes: number;
  /** Heap per conversation that goes when its transcript is deleted. */
  transcriptBytes: number;
  /** Heap per conversation that goes when its dedupe claim is deleted. */
  dedupeBytes: number;
}

type Gc = () => void;

async function probe(conversations: number, gc: Gc): Promise<HeapProbeResult> {
  const store = new MemoryStore();
  const core = assembleBenchCore(store);
  // Warm up lazily built caches (translator, dialogs, JIT) before the baseline.
  for (let i = 0; i < 200; i += 1) await core.handle(benchMessage('warm', i, 0));
  gc();
  gc();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < conversations; i += 1) await core.handle(benchMessage('idle', i, 0));
  await core.drain();
  gc();
  gc();
  const after = process.memoryUsage().heapUsed;
  // Keep the store alive until after the measurement, and see what one conversation holds.
  const key = 'web:idle-0';
  const state = await store.get(stateKeyOf(key));
  if (state === null) throw new Error('heap probe: conversations were not stored');
  const transcript = await store.listRange(transcriptKeyOf(key));
  const keys = [stateKeyOf(key), transcriptKeyOf(key), dedupeKeyOf('web:idle-0', 'idle-0-0')];
  const payloadBytes = [state, ...transcript, ...keys].reduce((sum, text) => sum + text.length, 0);
  // Take the parts away one at a time to see what each costs.
  const heapAfter = async (remove: (i: number) => Promise<unknown>): Promise<number> => {
    for (let i = 0; i < conversations; i += 1) await remove(i);
    gc();
    gc();
    return process.memoryUsage().heapUsed;
  };
  const withoutTranscripts = await heapAfter((i) => store.delete(transcriptKeyOf(`web:idle-${i}`)));
  const withoutClaims = await heapAfter((i) => store.delete(dedupeKeyOf(`web:idle-${i}`, `idle-${i}-0`)));
  await store.close();
  return {
    conversations,
    bytesPerConversation: (after - before) / conversations,
    payloadBytes,
    transcriptBytes: (after - withoutTranscripts) / conversations,
    dedupeBytes: (withoutTranscripts - withoutClaims) / conversations,
  };
}

/** Measure in this process when it has `global.gc`, else in a child started with --expose-gc. */
export async function measureIdleHeap(conversations: number): Promise<HeapProbeResult> {
  const gc = (globalThis as { gc?: Gc }).gc;
  if (gc) return probe(conversations, gc);
  const script = fileURLToPath(import.meta.url);
  const args = ['--expose-gc', '--import', import.meta.resolve('tsx'), script, String(conversations)];
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`heap probe exited with ${code}: ${stderr.trim()}`))));
  });
  return JSON.parse(output.trim().split('\n').pop()!) as HeapProbeResult;
}

// Run as a child: `node --expose-gc --import tsx src/bench/heap-probe.ts 10000` prints one JSON line.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const gc = (globalThis as { gc?: Gc }).gc;
  if (!gc) throw new Error('run with node --expose-gc');
  const result = await probe(Number(process.argv[2] ?? 10_000), gc);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
