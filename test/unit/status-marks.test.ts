import { describe, expect, it } from 'vitest';
import { loadLocaleResources } from '../../src/core/i18n.js';
import { LANGUAGES } from '../../src/core/types.js';

/**
 * A status shown with an emoji (✅ ❌ ⏳ ❔ ⚠️) also says it in words: emoji fonts are not
 * everywhere, and screen readers read them inconsistently.
 */
const STATUS_MARK = /[\u2705\u274C\u23F3\u2754\u26A0]\uFE0F?/u;

function strings(tree: unknown, path = ''): Array<[string, string]> {
  if (typeof tree === 'string') return [[path, tree]];
  if (tree && typeof tree === 'object') return Object.entries(tree).flatMap(([key, value]) => strings(value, path ? `${path}.${key}` : key));
  return [];
}

describe('status marks', () => {
  it.each(LANGUAGES)('in %s, every emoji status mark is followed by a word, never by a value alone', (language) => {
    const marked = strings(loadLocaleResources()[language]).filter(([, text]) => STATUS_MARK.test(text));
    expect(marked.length).toBeGreaterThan(5);
    const bare = marked.filter(([, text]) => !new RegExp(`${STATUS_MARK.source} \\p{L}`, 'u').test(text)).map(([key]) => key);
    expect(bare).toEqual([]);
  });
});
