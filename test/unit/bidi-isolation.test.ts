import { describe, expect, it } from 'vitest';
import { FSI, isolateLatinRuns, isolateValue, LRI, PDI, stripIsolates } from '../../src/core/bidi.js';
import { createTranslator, loadLocaleResources } from '../../src/core/i18n.js';
import { loadTopics, resolveFaqDir } from '../../src/faq/topic-loader.js';

/**
 * Arabic text isolates every Latin run and every interpolated value, so brackets and "+" of a
 * serial, phone number, ticket id or e-mail address render in place inside right-to-left text.
 */

const show = (text: string) => text.replaceAll(LRI, '⟨L').replaceAll(FSI, '⟨F').replaceAll(PDI, '⟩');

/** The text outside any isolate. */
const outside = (text: string) => text.replace(/[\u2066-\u2068][^\u2066-\u2069]*\u2069/gu, ' ');

/** Problems with an Arabic string as shown: Latin or "+digits" left bare, or unbalanced isolates. */
function isolationProblems(text: string): string[] {
  const problems: string[] = [];
  const bare = outside(text);
  if (/[\p{Script=Latin}@]|\+\d/u.test(bare)) problems.push(`bare Latin: ${show(text)}`);
  const opened = [...text].filter((char) => char === LRI || char === FSI).length;
  if (opened !== [...text].filter((char) => char === PDI).length) problems.push(`unbalanced: ${show(text)}`);
  return problems;
}

describe('isolateLatinRuns', () => {
  it.each([
    ['القفل RF200-2402-00231 (RF-200) يعمل.', 'القفل ⟨LRF200-2402-00231 (RF-200)⟩ يعمل.'],
    ['اتصل على +86-159-9999-7999 أو sales@loto-beeyi.com.', 'اتصل على ⟨L+86-159-9999-7999⟩ أو ⟨Lsales@loto-beeyi.com⟩.'],
    ['(مثلاً RF200) و12 شهراً', '(مثلاً ⟨LRF200⟩) و12 شهراً'],
    ['رقم التذكرة T-2026-0042.', 'رقم التذكرة ⟨LT-2026-0042⟩.'],
    ['على WhatsApp وWeChat', 'على ⟨LWhatsApp⟩ و⟨LWeChat⟩'],
    ['7×24 ساعة و15 دقيقة', '7×24 ساعة و15 دقيقة'],
  ])('%s', (input, expected) => {
    expect(show(isolateLatinRuns(input))).toBe(expected);
  });

  it('is idempotent and leaves isolated values alone', () => {
    const once = isolateLatinRuns(`القفل ${isolateValue('RF200 (RF-200)')} و RF-300`);
    expect(isolateLatinRuns(once)).toBe(once);
    expect(show(once)).toBe('القفل ⟨FRF200 (RF-200)⟩ و ⟨LRF-300⟩');
    expect(stripIsolates(once)).toBe('القفل RF200 (RF-200) و RF-300');
  });
});

describe('every Arabic string as the user sees it', () => {
  const translator = createTranslator();
  const SAMPLE = 'RF200-2402-00231 (RF-200)';

  function leaves(tree: unknown, prefix = ''): Array<[string, string]> {
    if (typeof tree === 'string') return [[prefix, tree]];
    if (!tree || typeof tree !== 'object' || Array.isArray(tree)) return [];
    return Object.entries(tree).flatMap(([key, value]) => leaves(value, prefix ? `${prefix}.${key}` : key));
  }

  const strings = leaves(loadLocaleResources().ar).filter(([key]) => !/\.words\.|\.keywords\.|\.patterns\./.test(key));

  it('renders each locale string with its placeholders filled by a Latin serial: every value and Latin run isolated', () => {
    const problems: string[] = [];
    for (const [key, template] of strings) {
      const names = [...template.matchAll(/\{\{\s*(\w+)[^}]*\}\}/g)].map((match) => match[1]!);
      const options: Record<string, unknown> = Object.fromEntries(names.filter((name) => name !== 'count').map((name) => [name, SAMPLE]));
      const base = key.replace(/_(zero|one|two|few|many|other)$/, '');
      const text = translator.t('ar', base, { ...options, count: 3 });
      problems.push(...isolationProblems(text).map((problem) => `${key}: ${problem}`));
      for (const name of names.filter((name) => name !== 'count')) {
        if (!text.includes(`${FSI}${SAMPLE}${PDI}`)) problems.push(`${key}: {{${name}}} not isolated: ${show(text)}`);
      }
    }
    expect(strings.length).toBeGreaterThan(100);
    expect(problems).toEqual([]);
  });

  it('every Arabic FAQ text (titles, answers, steps, choices) has its Latin runs isolated when shown', () => {
    const problems: string[] = [];
    for (const topic of loadTopics(resolveFaqDir('faq'))) {
      const content = topic.content.ar;
      const texts = [content.title, content.answer, ...Object.values(content.tree?.steps ?? {}).flatMap((step) => [step.text, ...(step.choices ?? []).map((choice) => choice.label)])];
      for (const text of texts) problems.push(...isolationProblems(isolateLatinRuns(text)).map((problem) => `${topic.id}: ${problem}`));
    }
    expect(problems).toEqual([]);
  });

  it('the check can fail: a bare serial or an unclosed isolate is reported', () => {
    expect(isolationProblems('القفل RF-200')).toHaveLength(1);
    expect(isolationProblems(`القفل ${LRI}RF-200`)).toHaveLength(2);
  });
});
