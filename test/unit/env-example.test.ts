import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Source text without block and line comments (a comment may name process.env). */
function withoutComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
}

describe('.env.example and process.env', () => {
  const config = readFileSync(join(root, 'src/config.ts'), 'utf8');
  const example = readFileSync(join(root, '.env.example'), 'utf8');
  const declared = [...config.matchAll(/^\s{2}([A-Z][A-Z0-9_]+):/gm)].map((match) => match[1]!);

  it('documents every variable the configuration reads', () => {
    expect(declared.length).toBeGreaterThan(20);
    const documented = new Set([...example.matchAll(/^([A-Z][A-Z0-9_]+)=/gm)].map((match) => match[1]!));
    expect(declared.filter((name) => !documented.has(name))).toEqual([]);
  });

  it('reads process.env only in src/config.ts', () => {
    const offenders = sourceFiles(join(root, 'src')).filter(
      (file) => !file.endsWith('src/config.ts') && /process\.env/.test(withoutComments(readFileSync(file, 'utf8'))),
    );
    expect(offenders.map((file) => file.slice(root.length))).toEqual([]);
  });
});
