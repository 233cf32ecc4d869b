/**
 * `npm run bench` runs every suite listed in `src/bench/index.ts`. A suite measures one thing
 * and reports figures, each with the floor or target it is compared against. Benchmarks never
 * run inside unit tests.
 */
export interface BenchFigure {
  /** e.g. "core/redis turns/s (100 in flight)". */
  name: string;
  value: number;
  unit: string;
  /** What it is compared against, in words: "floor 25,000 turns/s", "target < 1 ms". */
  compareTo?: string;
  /** Whether the target is met (undefined when there is no target). */
  pass?: boolean;
}

export interface BenchOptions {
  /** Smaller runs for a smoke check (`lockcare bench --quick`). */
  quick: boolean;
  redisUrl?: string;
  log: (line: string) => void;
}

export interface BenchSuite {
  name: string;
  run(options: BenchOptions): Promise<BenchFigure[]>;
}

/** Percentile of a sorted-or-not list of numbers (nearest rank). */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}
