import { coreBench } from './core-bench.js';
import { faqBench } from './faq-bench.js';
import { reportsBench } from './reports-bench.js';
import type { BenchSuite } from './suite.js';
import { warrantyBench } from './warranty-bench.js';

/** Every benchmark suite `npm run bench` runs, in order. Add a line per suite. */
export async function loadSuites(): Promise<BenchSuite[]> {
  const suites: BenchSuite[] = [];
  suites.push(coreBench);
  suites.push(faqBench);
  suites.push(warrantyBench);
  suites.push(reportsBench);
  return suites;
}
