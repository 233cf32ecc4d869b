import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Language } from '../../src/core/types.js';
import { loadTopics, resolveFaqDir } from '../../src/faq/topic-loader.js';

/**
 * A text that sends the reader to another topic ("see “Latch misaligned”", «…», «…») names it by
 * its real title in that language, so the user can find it in the menu or by typing it.
 */

const topics = loadTopics(resolveFaqDir('faq'));
const LANGUAGES: Language[] = ['en', 'es', 'ar'];
const titles = Object.fromEntries(LANGUAGES.map((language) => [language, new Set(topics.map((topic) => topic.content[language].title))])) as Record<Language, Set<string>>;

/** A quoted name after a pointer word: see / topic; vea / tema; انظر / موضوع / راجع. */
const REFERENCE: Record<Language, RegExp> = {
  en: /\b(?:see(?: also)?|topic)\s+(?:the topic\s+)?[“"]([^”"]+)[”"]/giu,
  es: /\b(?:vea(?: también)?|véase|tema|consulte)\s+(?:el tema\s+)?[«"“]([^»"”]+)[»"”]/giu,
  ar: /(?:انظر(?: أيضًا| أيضاً)?|موضوع|راجع)\s+(?:موضوع\s+)?[«"“]([^»"”]+)[»"”]/gu,
};

/** Every quoted topic name in a text. */
export function referencedTitles(text: string, language: Language): string[] {
  return [...text.matchAll(REFERENCE[language])].map((match) => match[1]!);
}

function contentTexts(language: Language): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const topic of topics) {
    const content = topic.content[language];
    out.push([`faq/${topic.id} answer`, content.answer]);
    for (const [id, step] of Object.entries(content.tree?.steps ?? {})) out.push([`faq/${topic.id} step ${id}`, step.text]);
  }
  const dir = new URL(`../../locales/${language}/`, import.meta.url);
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.json'))) out.push([`locales/${language}/${file}`, readFileSync(new URL(file, dir), 'utf8')]);
  return out;
}

describe('cross-references between topics', () => {
  it('the finder can fail: it reads a reference and its name', () => {
    expect(referencedTitles('(See also the topic “Lock does not respond”.)', 'en')).toEqual(['Lock does not respond']);
    expect(referencedTitles('(Vea también el tema «La cerradura no responde».)', 'es')).toEqual(['La cerradura no responde']);
    expect(referencedTitles('(انظر أيضًا موضوع «القفل لا يستجيب».)', 'ar')).toEqual(['القفل لا يستجيب']);
  });

  it.each(LANGUAGES)('%s: every referenced topic title exists', (language) => {
    const missing: string[] = [];
    let found = 0;
    for (const [where, text] of contentTexts(language)) {
      for (const title of referencedTitles(text, language)) {
        found += 1;
        if (!titles[language].has(title)) missing.push(`${where}: “${title}”`);
      }
    }
    expect(missing).toEqual([]);
    expect(found).toBeGreaterThanOrEqual(8);
  });
});
