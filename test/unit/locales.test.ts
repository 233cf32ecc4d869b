import { describe, expect, it } from 'vitest';
import { loadLocaleResources } from '../../src/core/i18n.js';
import { LANGUAGES } from '../../src/core/types.js';

type Tree = { [key: string]: unknown };

function leaves(tree: unknown, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (tree && typeof tree === 'object' && !Array.isArray(tree)) {
    for (const [key, value] of Object.entries(tree as Tree)) {
      for (const [path, leaf] of leaves(value, prefix ? `${prefix}.${key}` : key)) out.set(path, leaf);
    }
  } else {
    out.set(prefix, tree);
  }
  return out;
}

const resources = loadLocaleResources();
const byLanguage = Object.fromEntries(LANGUAGES.map((language) => [language, leaves(resources[language])]));
/** i18next plural forms differ by language (Arabic has six): compare keys without the suffix. */
const PLURAL = /_(zero|one|two|few|many|other)$/;
const baseKeys = (language: string) => new Set([...byLanguage[language]!.keys()].map((key) => key.replace(PLURAL, '')));

describe('locales', () => {
  it.each(LANGUAGES)('%s has every key the others have', (language) => {
    const all = new Set(LANGUAGES.flatMap((other) => [...baseKeys(other)]));
    const own = baseKeys(language);
    const missing = [...all].filter((key) => !own.has(key));
    expect(missing).toEqual([]);
  });

  it.each(LANGUAGES)('%s has no empty strings and keeps every {{placeholder}} of English', (language) => {
    const problems: string[] = [];
    for (const [key, english] of byLanguage.en!) {
      const value = byLanguage[language]!.get(key);
      if (typeof value === 'string') {
        if (!value.trim()) problems.push(`${key}: empty`);
        const wanted = typeof english === 'string' ? (english.match(/\{\{\s*\w+\s*\}\}/g) ?? []).map((p) => p.replace(/\s/g, '')) : [];
        for (const placeholder of wanted) if (!value.replace(/\s/g, '').includes(placeholder)) problems.push(`${key}: lacks ${placeholder}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('Arabic and Spanish are not copies of English', () => {
    const same = [...byLanguage.en!].filter(
      ([key, value]) =>
        typeof value === 'string' &&
        // Templates made only of placeholders and punctuation are the same in every language.
        value.replace(/\{\{[^}]*\}\}/g, '').replace(/[^\p{L}]/gu, '').length > 8 &&
        (byLanguage.es!.get(key) === value || byLanguage.ar!.get(key) === value),
    );
    expect(same.map(([key]) => key)).toEqual([]);
  });
});
