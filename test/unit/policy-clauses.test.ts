import { readdirSync, readFileSync } from 'node:fs';
import { createTranslator } from '../../src/core/i18n.js';
import { describe, expect, it } from 'vitest';
import type { Language } from '../../src/core/types.js';
import type { Clause, Policy } from '../../src/warranty/policy-schema.js';
import { policies } from '../helpers/warranty-harness.js';

/**
 * Every warranty ruling rests on a clause of the vendor's documents, quoted verbatim, and no
 * customer summary says more than its clause: no period, number, example or condition the
 * quote does not contain. The seeds are read here (the repository's copy), so editing a quote,
 * a summary or a seed without the others fails.
 */

const SEED_DIR = new URL('../fixtures/warranty/seeds/', import.meta.url);
const normalize = (text: string) => text.replace(/\s+/g, ' ').trim();
const seedFiles = readdirSync(SEED_DIR).filter((name) => name.endsWith('.txt'));
const seedText: Record<'card' | 'letter', string> = {
  card: normalize(readFileSync(new URL(seedFiles.find((name) => name.startsWith('000_'))!, SEED_DIR), 'utf8')),
  letter: normalize(readFileSync(new URL(seedFiles.find((name) => name.startsWith('001_'))!, SEED_DIR), 'utf8')),
};
const LANGUAGES: Language[] = ['en', 'es', 'ar'];

interface Ruling {
  policy: Policy;
  where: string;
  clause: Clause;
}

function rulings(policy: Policy): Ruling[] {
  const list: Array<Omit<Ruling, 'policy'>> = [
    ...policy.remedies.map((remedy) => ({ where: `remedy ${remedy.id}`, clause: remedy.clause })),
    ...policy.voidingCauses.map((cause) => ({ where: `cause ${cause.id}`, clause: cause.clause })),
  ];
  if (policy.neverCovered) list.push({ where: 'neverCovered', clause: policy.neverCovered.clause });
  if (policy.proofOfPurchase) list.push({ where: 'proofOfPurchase', clause: policy.proofOfPurchase.clause });
  if (policy.expiry) list.push({ where: 'expiry', clause: policy.expiry.clause });
  return list.map((ruling) => ({ ...ruling, policy }));
}

const all = [...policies.policies.values()].flatMap(rulings);
const quotes = (clause: Clause) => (Array.isArray(clause.quote) ? clause.quote : [clause.quote]);
const quoteText = (clause: Clause) => quotes(clause).join(' ');

// ------------------------------------------------------------- facts a summary may state

const NUMBER_WORDS: Record<string, number> = {
  two: 2, three: 3, seven: 7, twelve: 12, fifteen: 15, 'twenty-four': 24,
  dos: 2, tres: 3, siete: 7, doce: 12, quince: 15,
  ثلاث: 3, ثلاثة: 3, سبعة: 7, السابع: 7, عشر: 10, 'الخامس عشر': 15,
};

/** The numbers a text states, in digits or words ("7th", "15.º", "ثلاث"). */
function numbersIn(text: string): number[] {
  const found = [...text.matchAll(/\d+/g)].map((match) => Number(match[0]));
  let rest = text.toLowerCase();
  for (const word of Object.keys(NUMBER_WORDS).sort((a, b) => b.length - a.length)) {
    const pattern = new RegExp(`(?<![\\p{L}])${word}(?![\\p{L}])`, 'gu');
    for (const _ of rest.matchAll(pattern)) found.push(NUMBER_WORDS[word]!);
    rest = rest.replace(pattern, ' ');
  }
  return found.filter((value) => value !== 10 || /\b10\b|ten/.test(text));
}

/**
 * Conditions and examples: when a summary (in any language) names one, its quote must contain
 * the English words on the right. Each entry is one way the content drifted before (issue 10).
 */
const CONCEPTS: Array<{ name: string; summary: Record<Language, RegExp>; quote: RegExp }> = [
  { name: 'water', summary: { en: /\b(?:wet|water)/i, es: /moj|agua/i, ar: /ماء|مياه|بلل|للماء/ }, quote: /water|wet/i },
  { name: 'fire', summary: { en: /\bfire/i, es: /incendio|fuego/i, ar: /حريق|نار/ }, quote: /fire/i },
  { name: 'chemicals', summary: { en: /chemical/i, es: /qu[ií]mic/i, ar: /كيميائ/ }, quote: /chemical/i },
  { name: 'oil or sprays', summary: { en: /\boil|spray/i, es: /aceite|aerosol/i, ar: /زيت|زيوت|بخاخ/ }, quote: /oil|spray/i },
  { name: 'another brand', summary: { en: /brand/i, es: /marca/i, ar: /علامة تجارية/ }, quote: /brand/i },
  { name: 'opening the lock', summary: { en: /\bopen(?:ed|ing)? (?:it|the lock)/i, es: /abri[rd]/i, ar: /فتحه|فتح القفل/ }, quote: /open/i },
  { name: 'hitting', summary: { en: /\bhit/i, es: /golpe/i, ar: /ضرب/ }, quote: /\bhit/i },
  { name: 'dropping', summary: { en: /\bdrop/i, es: /dejarla caer|se descuelg/i, ar: /إسقاط/ }, quote: /drop/i },
  { name: 'forcing', summary: { en: /\bforc(?:e|ing)\b(?! majeure)/i, es: /forz/i, ar: /بالقوة/ }, quote: /forc(?:e|ing)\b(?! majeure)/i },
  { name: 'batteries', summary: { en: /batter/i, es: /pila|bater/i, ar: /بطاري/ }, quote: /batter/i },
  { name: 'cleaning', summary: { en: /clean|cloth/i, es: /limpi|paño/i, ar: /تنظيف|قماش/ }, quote: /clean|cloth/i },
];

/**
 * Words that limit a clause: when the quote has them, every summary must keep them. "such as"
 * keeps a remedy's list of covered things open; a cause may name just one of its examples.
 */
const QUALIFIERS: Array<{ name: string; quote: RegExp; summary: Record<Language, RegExp>; remediesOnly?: boolean }> = [
  { name: 'up to', quote: /\bup to\b/i, summary: { en: /\bup to\b/i, es: /\bhasta\b/i, ar: /حتى/ } },
  { name: 'such as', quote: /\bsuch as\b/i, summary: { en: /\bsuch as\b/i, es: /\bcomo\b/i, ar: /مثل/ }, remediesOnly: true },
  { name: 'except', quote: /\bexcept\b/i, summary: { en: /\bexcept|unless/i, es: /\bsalvo|excepto/i, ar: /إلا|باستثناء/ } },
  { name: 'not caused by human factors', quote: /not caused by human factors/i, summary: { en: /human factors/i, es: /factores humanos/i, ar: /عوامل بشرية/ } },
];

describe('policy clauses against the seed documents', () => {
  it.each(all.map((ruling) => [`${ruling.policy.id}: ${ruling.where}`, ruling] as const))('%s names a clause quoted verbatim', (_name, { clause }) => {
    const document = clause.id.startsWith('card:') ? 'card' : 'letter';
    for (const quote of quotes(clause)) expect(seedText[document], `${clause.id}: "${quote}"`).toContain(normalize(quote));
  });

  it('one clause id, one quote: rulings that share a clause quote it the same way', () => {
    const byId = new Map<string, string>();
    for (const { clause } of all) {
      const seen = byId.get(clause.id);
      if (seen !== undefined) expect(quoteText(clause), clause.id).toBe(seen);
      byId.set(clause.id, quoteText(clause));
    }
    expect(byId.size).toBeGreaterThanOrEqual(15);
  });

  it('the review sheet for the vendor (docs/content-review.md) covers every clause a policy uses', () => {
    const sheet = readFileSync(new URL('../../docs/content-review.md', import.meta.url), 'utf8');
    const missing = [...new Set(all.map(({ clause }) => clause.id))].filter((id) => !sheet.includes(`\`${id}\``));
    expect(missing).toEqual([]);
  });

  it('no ruling without a clause: every answer with a cause names a cause of its own policy, and none both voids and asks for an inspection', () => {
    for (const policy of policies.policies.values()) {
      const causes = new Map(policy.voidingCauses.map((cause) => [cause.id, cause.clause]));
      for (const question of policy.faultQuestions) {
        for (const answer of question.answers) {
          const where = `${policy.id} ${question.id}.${answer.id}`;
          if (answer.cause) expect(causes.get(answer.cause)?.quote, where).toBeTruthy();
          expect(Boolean(answer.cause && answer.needsInspection), where).toBe(false);
        }
      }
    }
  });

  it('where a document has no clause for an answer, an inspection decides (never "paid")', () => {
    const answer = (policyId: string, question: string, id: string) =>
      policies.get(policyId)!.faultQuestions.find((item) => item.id === question)!.answers.find((item) => item.id === id)!;
    expect(answer('hotel-lock-3y', 'environment', 'chemicals')).toEqual({ id: 'chemicals', needsInspection: true });
    expect(answer('hotel-lock-3y', 'environment', 'spilled-water')).toEqual({ id: 'spilled-water', needsInspection: true });
    expect(answer('global-12m', 'environment', 'magnetic-field')).toEqual({ id: 'magnetic-field', needsInspection: true });
    expect(answer('global-12m', 'environment', 'spilled-water')).toEqual({ id: 'spilled-water', needsInspection: true });
    expect(answer('global-12m', 'installation', 'other-brand')).toEqual({ id: 'other-brand', needsInspection: true });
    expect(policies.get('global-12m')!.faultQuestions.some((question) => question.id === 'maintenance')).toBe(true);
  });
});

describe('fault questions ask what the clauses say', () => {
  const translator = createTranslator();
  /** Readings of a clause the vendor reviews in docs/content-review.md (section 4): answer id, concept. */
  const REVIEWED = new Set([
    'environment.flood:water', // 4.2 / 4.7: flood and storm water are natural disasters
    'environment.knocked-or-forced:hitting', // 4.4 / 4.8: human factors; not used as the manual requires
    'environment.knocked-or-forced:dropping',
    'environment.knocked-or-forced:forcing',
    'environment.chemicals:cleaning', // 4.7: corrosive cleaning products are chemical corrosion (letter)
  ]);

  it.each(LANGUAGES)('%s: an answer that makes the repair paid names nothing its clause does not', (language) => {
    const problems: string[] = [];
    for (const policy of policies.policies.values()) {
      for (const question of policy.faultQuestions) {
        for (const answer of question.answers.filter((item) => item.cause)) {
          const label = translator.t(language, `warranty.answers.${question.id}.${answer.id}`);
          const quote = quoteText(policy.voidingCauses.find((cause) => cause.id === answer.cause)!.clause);
          for (const concept of CONCEPTS) if (concept.summary[language].test(label) && !concept.quote.test(quote) && !REVIEWED.has(`${question.id}.${answer.id}:${concept.name}`)) problems.push(`${policy.id} ${question.id}.${answer.id}: "${concept.name}"`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('the warranty-card question does not count opening the lock; the maintenance question adds no rule of its own', () => {
    expect(translator.t('en', 'warranty.questions.tampering')).not.toMatch(/\bopen(?:ed)?\b/i);
    expect(translator.t('es', 'warranty.questions.tampering')).not.toMatch(/abiert/i);
    expect(translator.t('en', 'warranty.questions.maintenance')).not.toMatch(/cloth|oil|spray|warning/i);
    expect(translator.t('en', 'warranty.questions.modification')).not.toMatch(/remov|repair/i);
    expect(policies.get('global-12m')!.faultQuestions[0]!.id).toBe('modification');
  });
});

describe('customer summaries state nothing their clause does not', () => {
  const cases = all.flatMap((ruling) => LANGUAGES.map((language) => [`${ruling.policy.id}: ${ruling.where} (${language})`, ruling, language] as const));

  it.each(cases)('%s', (_name, { clause, where }, language) => {
    const summary = clause[language];
    const quote = quoteText(clause);
    const quoted = new Set(numbersIn(quote));
    for (const value of numbersIn(summary)) expect(quoted.has(value), `${clause.id} ${language}: ${value} is not in the quote`).toBe(true);
    for (const value of quoted) expect(numbersIn(summary), `${clause.id} ${language}: drops ${value}`).toContain(value);
    for (const concept of CONCEPTS) {
      if (concept.summary[language].test(summary)) expect(quote, `${clause.id} ${language}: says "${concept.name}"`).toMatch(concept.quote);
    }
    for (const qualifier of QUALIFIERS) {
      if (qualifier.remediesOnly && !where.startsWith('remedy')) continue;
      if (qualifier.quote.test(quote)) expect(summary, `${clause.id} ${language}: drops "${qualifier.name}"`).toMatch(qualifier.summary[language]);
    }
  });

  it('the checks can fail: a summary that adds water or drops "up to" is caught', () => {
    const water = CONCEPTS.find((concept) => concept.name === 'water')!;
    expect(water.summary.en.test('hitting, dropping or forcing it, or getting it wet')).toBe(true);
    expect(water.quote.test(seedText.card.slice(seedText.card.indexOf('Damage caused by human factors'), seedText.card.indexOf('6.')))).toBe(false);
    expect(QUALIFIERS[0]!.summary.en.test('an extended warranty of 3 years')).toBe(false);
    expect(numbersIn('Hasta el 15.º día después de la instalación')).toEqual([15]);
    expect(numbersIn('حتى اليوم الخامس عشر بعد التركيب')).toEqual([15]);
  });
});
