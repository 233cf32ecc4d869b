import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.d.ts') ? [path] : [];
  });
}

/** Relative imports of a file (static, re-exports and dynamic `import('./x.js')`), as repository paths. */
function relativeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found = new Set<string>();
  const pattern = /(?:^|\n)\s*(?:import|export)\s[^'";]*?from\s+'(\.[^']+)'|import\(\s*'(\.[^']+)'\s*\)/g;
  for (const match of text.matchAll(pattern)) {
    const specifier = match[1] ?? match[2]!;
    const target = resolve(dirname(file), specifier).replace(/\.js$/, '.ts');
    found.add(relative(root, target));
  }
  return [...found];
}

/**
 * What dialogs may import from `src/`: the core's types and helpers a dialog step needs, and
 * each feature's service interface (the contract the feature implements), nothing else. A new
 * entry here is a decision: a dialog that needs more should get it through a service.
 */
const DIALOG_ALLOWED_SRC = new Set([
  // The core's types and the helpers a dialog step is written with:
  'src/core/dialog.ts',
  'src/core/types.ts',
  'src/core/i18n.ts',
  'src/core/normalize.ts',
  'src/core/commands.ts',
  'src/core/language.ts',
  // What makes a text be about warranty (the e-mail intake checks a mail's words with it):
  'src/core/warranty-words.ts',
  // Each feature's service interface, declared next to the service, with the data it speaks in:
  'src/faq/faq-service.ts',
  'src/warranty/warranty-service.ts',
  'src/handoff/ticket-service.ts',
  'src/handoff/urgent-match.ts',
  'src/handoff/due-format.ts',
]);

/** Every cycle met by a depth-first search, as `a.ts → b.ts → a.ts`. */
function findCycles(graph: Map<string, string[]>): string[] {
  const cycles: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (file: string): void => {
    state.set(file, 'visiting');
    path.push(file);
    for (const target of graph.get(file) ?? []) {
      if (!graph.has(target)) continue;
      const seen = state.get(target);
      if (seen === 'visiting') cycles.push([...path.slice(path.indexOf(target)), target].join(' → '));
      else if (!seen) visit(target);
    }
    path.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  return cycles;
}

describe('import rules', () => {
  const files = [...sourceFiles(join(root, 'src')), ...sourceFiles(join(root, 'dialogs'))];
  const graph = new Map(files.map((file) => [relative(root, file), relativeImports(file)]));

  it('dialogs/ import from src/ only core types and service interfaces (the explicit list)', () => {
    const offending: string[] = [];
    for (const [file, imports] of graph) {
      if (!file.startsWith('dialogs/')) continue;
      for (const target of imports) {
        if (target.startsWith('src/') && !DIALOG_ALLOWED_SRC.has(target)) offending.push(`${file} → ${target}`);
      }
    }
    expect(offending).toEqual([]);
  });

  it('src/core imports nothing from dialogs/, channels or features', () => {
    const offending = [...graph]
      .filter(([file]) => file.startsWith('src/core/'))
      .flatMap(([file, imports]) => imports.filter((target) => !target.startsWith('src/core/') && !['src/errors.ts', 'src/logger.ts', 'src/store/store.ts'].includes(target)).map((target) => `${file} → ${target}`));
    expect(offending).toEqual([]);
  });

  it('has no import cycles in src/ and dialogs/ (a depth-first search over relative imports)', () => {
    const cycles = findCycles(graph);
    expect(cycles).toEqual([]);
  });

  it('the cycle finder finds a cycle when there is one (self-check on a made-up graph)', () => {
    const made = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
    ]);
    const found = findCycles(made);
    expect(found).toEqual(['a.ts → b.ts → c.ts → a.ts']);
  });
});
