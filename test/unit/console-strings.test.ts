import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AGENT_LANGUAGES } from '../../src/handoff/agents-file.js';
import { loadConsoleStrings } from '../../src/handoff/console-routes.js';

function leaves(tree: unknown, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (tree && typeof tree === 'object') for (const [key, value] of Object.entries(tree)) for (const [path, leaf] of leaves(value, prefix ? `${prefix}.${key}` : key)) out.set(path, leaf);
  else out.set(prefix, tree);
  return out;
}

const strings = loadConsoleStrings();
const english = leaves(strings.get('en'));

describe('console strings (locales/<lng>/console.json)', () => {
  it.each(AGENT_LANGUAGES)('%s has every key of English, none empty, every {{placeholder}} kept', (language) => {
    const own = leaves(strings.get(language));
    const problems: string[] = [];
    for (const [key, value] of english) {
      const mine = own.get(key);
      if (typeof mine !== 'string' || !mine.trim()) problems.push(`${key}: missing`);
      else for (const placeholder of String(value).match(/\{\{\w+\}\}/g) ?? []) if (!mine.includes(placeholder)) problems.push(`${key}: lacks ${placeholder}`);
    }
    expect(problems).toEqual([]);
  });

  it('every data-i18n key in the page and every t() key in its scripts exists in English', () => {
    const dir = new URL('../../src/handoff/console-page/', import.meta.url);
    const page = readFileSync(new URL('index.html', dir), 'utf8');
    const scripts = ['console.js', 'console-render.js', 'console-compose.js', 'console-alerts.js', 'console-saved.js', 'console-topics.js'].map((name) => readFileSync(new URL(name, dir), 'utf8')).join('\n');
    const keys = [...page.matchAll(/data-i18n(?:-placeholder|-title)?="([^"]+)"/g), ...scripts.matchAll(/\bt\('([\w.-]+)'/g)].map((match) => match[1]!);
    expect(keys.length).toBeGreaterThan(40);
    expect(keys.filter((key) => !english.has(key))).toEqual([]);
  });
});
