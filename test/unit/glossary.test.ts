import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadLocaleResources } from '../../src/core/i18n.js';
import type { Language } from '../../src/core/types.js';
import { loadTopics, resolveFaqDir } from '../../src/faq/topic-loader.js';

/**
 * One term per concept: locales/glossary.md lists, per concept, the terms the bot's own text must
 * no longer use ("Replaced" column, `language: term`). Keywords and word lists are the customers'
 * words and are not checked.
 */

const GLOSSARY = readFileSync(new URL('../../locales/glossary.md', import.meta.url), 'utf8');

/** `[language, term]` pairs from the table's last column. */
export function replacedTerms(markdown: string): Array<[Language, string]> {
  const rows = markdown.split('\n').filter((line) => line.startsWith('|') && !/^\|\s*(?:Concept|---)/.test(line));
  return rows.flatMap((row) => {
    const cells = row.split('|').map((cell) => cell.trim());
    const replaced = cells[cells.length - 2] ?? '';
    return replaced
      .split(';')
      .map((item) => item.trim())
      .filter(Boolean)
      .map((item) => {
        const [language, ...term] = item.split(':');
        return [language!.trim() as Language, term.join(':').trim()] as [Language, string];
      });
  });
}

function leaves(tree: unknown, path: string[] = []): Array<[string, string]> {
  if (typeof tree === 'string') return [[path.join('.'), tree]];
  if (!tree || typeof tree !== 'object' || Array.isArray(tree)) return [];
  return Object.entries(tree).flatMap(([key, value]) => (['words', 'patterns'].includes(key) ? [] : leaves(value, [...path, key])));
}

/** Everything the bot says in one language, with where it is. */
function botText(language: Language): Array<[string, string]> {
  const out: Array<[string, string]> = leaves(loadLocaleResources()[language]).map(([key, text]) => [`locales/${language} ${key}`, text]);
  for (const topic of loadTopics(resolveFaqDir('faq'))) {
    const content = topic.content[language];
    out.push([`faq/${topic.id} title`, content.title], [`faq/${topic.id} answer`, content.answer]);
    for (const [id, step] of Object.entries(content.tree?.steps ?? {})) {
      out.push([`faq/${topic.id} step ${id}`, [step.text, ...(step.choices ?? []).map((choice) => choice.label)].join('\n')]);
    }
  }
  for (const file of readdirSync(new URL('../../policies/', import.meta.url)).filter((name) => name.endsWith('.json'))) {
    const policy = JSON.parse(readFileSync(new URL(`../../policies/${file}`, import.meta.url), 'utf8')) as unknown;
    const summaries = JSON.stringify(policy, (key, value: unknown) => (key === 'quote' || key === 'text' || key === '$comment' ? undefined : value));
    const found = [...summaries.matchAll(new RegExp(`"${language}":"((?:[^"\\\\]|\\\\.)*)"`, 'g'))].map((match) => JSON.parse(`"${match[1]}"`) as string);
    out.push(...found.map((text): [string, string] => [`policies/${file}`, text]));
  }
  return out;
}

describe('glossary', () => {
  const terms = replacedTerms(GLOSSARY);

  it('reads the replaced terms from locales/glossary.md', () => {
    expect(terms).toContainEqual(['ar', 'لوحة الاستقبال']);
    expect(terms).toContainEqual(['ar', 'القفل المدمج']);
    expect(terms).toContainEqual(['es', 'pedido de compra']);
    expect(terms.length).toBeGreaterThanOrEqual(15);
  });

  it.each(['en', 'es', 'ar'] as const)('%s: the bot never uses a replaced term', (language) => {
    const mine = terms.filter(([lang]) => lang === language).map(([, term]) => term);
    const offending = botText(language).flatMap(([where, text]) => mine.filter((term) => text.includes(term)).map((term) => `${where}: "${term}"`));
    expect(offending).toEqual([]);
  });

  it('the check can fail: a replaced term in a text is reported', () => {
    const text = 'اضبط لوحة الاستقبال';
    expect(terms.filter(([language, term]) => language === 'ar' && text.includes(term))).toHaveLength(1);
  });
});

/** Dialect the bot must not speak (it stays in search keywords and word lists, where customers write it). */
const DIALECT = ['أقدر', 'خلّينا', 'خلينا', 'نشوف', 'رجع يشتغل', 'انحلّت', 'انحلت', 'غلط', 'شغال', 'شغالة', 'شغالًا', 'اشتغل', 'يشتغل', 'تشتغل', 'ما في', 'ما فيه', 'وين', 'خربان', 'لسه', 'ايش', 'إيش', 'عشان', 'دلوقتي', 'بدك', 'تبغى', 'فاضي'];

describe('Arabic in the bot\'s voice is Modern Standard Arabic', () => {
  const word = (term: string) => new RegExp(`(?<![\\p{L}\\p{M}])${term}(?![\\p{L}\\p{M}])`, 'u');

  it('no dialect word in the bot\'s own Arabic text', () => {
    const offending = botText('ar').flatMap(([where, text]) => DIALECT.filter((term) => word(term).test(text)).map((term) => `${where}: "${term}"`));
    expect(offending).toEqual([]);
  });

  it('the check can fail, and a word inside a longer one is not dialect', () => {
    expect(word('غلط').test('الأوقات غلط')).toBe(true);
    expect(word('وين').test('تكوين الإعدادات')).toBe(false);
  });
});
