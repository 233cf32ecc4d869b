import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { foldArabic, foldDigits, foldLatin } from '../../src/core/normalize.js';
import type { Language } from '../../src/core/types.js';
import { TopicSchema, type FaqTopic } from '../../src/faq/topic-schema.js';

/**
 * Policy FAQ answers must say exactly what the vendor's documents (the seeds) say. The seeds are
 * read here, so this fails when the content and the seeds disagree — in either direction.
 */

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The repository's own copy of the vendor's documents (a clone anywhere has it). */
const seedDir = path.join(repoRoot, 'test/fixtures/warranty/seeds');
/** The team's shared folder beside the repository, on the team's machines only. */
const sharedSeedDir = path.resolve(repoRoot, '../shared/seeds');
const languages: Language[] = ['en', 'es', 'ar'];
const policyIds = ['warranty-terms', 'paid-service', 'spare-parts', 'onsite-visit', 'support-hours', 'manuals-videos', 'recycling'];

function readSeed(number: string): string {
  const name = readdirSync(seedDir).find((file) => file.startsWith(`${number}_`) && file.endsWith('.txt'));
  if (!name) throw new Error(`seed ${number} not found in ${seedDir}`);
  return readFileSync(path.join(seedDir, name), 'utf8');
}

const seeds: Record<string, string> = { '000': readSeed('000'), '001': readSeed('001') };
const allSeedText = Object.values(seeds).join('\n');

describe('the repository copy of the seeds (test/fixtures/warranty/seeds)', () => {
  const copies = readdirSync(seedDir).filter((file) => file.endsWith('.txt')).sort();

  if (existsSync(sharedSeedDir)) {
    it('is byte-identical to ../shared/seeds, file for file', () => {
      const originals = readdirSync(sharedSeedDir).filter((file) => file.endsWith('.txt')).sort();
      expect(copies).toEqual(originals);
      for (const name of originals) {
        expect(readFileSync(path.join(seedDir, name)).equals(readFileSync(path.join(sharedSeedDir, name))), name).toBe(true);
      }
    });
  } else {
    it('exists and is not empty (../shared/seeds is not beside this clone, so the byte-for-byte comparison cannot run here)', () => {
      expect(copies.length).toBeGreaterThanOrEqual(2);
      for (const name of copies) expect(statSync(path.join(seedDir, name)).size, name).toBeGreaterThan(0);
    });
  }
});

function loadTopic(id: string): FaqTopic {
  return TopicSchema.parse(JSON.parse(readFileSync(path.join(repoRoot, 'faq', `${id}.json`), 'utf8')));
}

const topics = new Map(policyIds.map((id) => [id, loadTopic(id)]));

/** Everything a user can read in one language: title, answer and any tree text. */
function readableText(topic: FaqTopic, language: Language): string {
  const content = topic.content[language];
  const steps = Object.values(content.tree?.steps ?? {});
  return [content.title, content.answer, ...steps.flatMap((step) => [step.text, ...(step.choices ?? []).map((c) => c.label)])].join('\n');
}

// ---------------------------------------------------------------- figures: "<number> <unit>"

type Unit = 'minute' | 'hour' | 'day' | 'week' | 'month' | 'year';

const NUMBER_WORDS: Record<Language, Record<string, number>> = {
  en: { a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12, fifteen: 15, eighteen: 18, twenty: 20, 'twenty-four': 24, thirty: 30, sixty: 60, ninety: 90 },
  es: { un: 1, uno: 1, una: 1, dos: 2, tres: 3, cuatro: 4, cinco: 5, seis: 6, siete: 7, ocho: 8, nueve: 9, diez: 10, once: 11, doce: 12, quince: 15, dieciocho: 18, veinte: 20, veinticuatro: 24, treinta: 30, sesenta: 60, noventa: 90 },
  ar: { واحد: 1, ثلاث: 3, ثلاثه: 3, اربع: 4, اربعه: 4, خمس: 5, خمسه: 5, ست: 6, سته: 6, سبع: 7, سبعه: 7, ثماني: 8, ثمانيه: 8, تسع: 9, تسعه: 9, عشر: 10, عشره: 10, 'اثنا عشر': 12, 'اثني عشر': 12, 'خمسه عشر': 15, 'خمس عشره': 15, عشرين: 20, ثلاثين: 30 },
};

/** Unit words after folding (lower case, accents and Arabic letter forms folded). */
const UNIT_WORDS: Record<Language, Array<[string, Unit]>> = {
  en: [['minutes?', 'minute'], ['hours?', 'hour'], ['days?', 'day'], ['weeks?', 'week'], ['months?', 'month'], ['years?', 'year']],
  es: [['minutos?', 'minute'], ['horas?', 'hour'], ['dias?', 'day'], ['semanas?', 'week'], ['mes(?:es)?', 'month'], ['anos?', 'year']],
  ar: [['دقيقه|دقايق', 'minute'], ['ساعه|ساعات', 'hour'], ['يوما|يوم|ايام', 'day'], ['اسبوعا|اسبوع|اسابيع', 'week'], ['شهرا|شهر|اشهر|شهور', 'month'], ['سنه|سنوات|سنين|عاما|عام|اعوام', 'year']],
};

/** Arabic dual forms carry the number 2 in the word itself ("سنتين" = two years). */
const ARABIC_DUALS: Array<[RegExp, Unit]> = [
  [/دقيقتين|دقيقتان/, 'minute'], [/ساعتين|ساعتان/, 'hour'], [/يومين|يومان/, 'day'],
  [/اسبوعين|اسبوعان/, 'week'], [/شهرين|شهران/, 'month'], [/سنتين|سنتان|عامين|عامان/, 'year'],
];

function fold(text: string): string {
  return foldLatin(foldArabic(foldDigits(text.toLowerCase())));
}

/** Every "<number> <unit>" figure in a text, as "7 day", "12 month"... */
function extractFigures(language: Language, text: string): string[] {
  const folded = fold(text);
  const words = Object.keys(NUMBER_WORDS[language]).sort((a, b) => b.length - a.length).join('|');
  const found: string[] = [];
  for (const [unitPattern, unit] of UNIT_WORDS[language]) {
    const pattern = new RegExp(`(?<![\\p{L}\\p{N}.])(\\d+(?:[.,]\\d+)?|${words})\\s*-?\\s*(?:${unitPattern})(?![\\p{L}])`, 'gu');
    for (const match of folded.matchAll(pattern)) {
      const raw = match[1]!;
      const value = /^\d/.test(raw) ? Number(raw.replace(',', '.')) : NUMBER_WORDS[language][raw];
      found.push(`${value} ${unit}`);
    }
  }
  if (language === 'ar') {
    for (const [pattern, unit] of ARABIC_DUALS) if (pattern.test(folded)) found.push(`2 ${unit}`);
  }
  return found;
}

const CURRENCY_PATTERNS: RegExp[] = [
  /[$€£¥￥₹]\s*\d/u,
  /\d[\d.,]*\s*[$€£¥￥₹]/u,
  /\b(?:usd|us\$|eur|gbp|rmb|cny|aed|sar|qar|kwd|egp|mxn|cop|ars|clp|pen)\s*\d/,
  /\d[\d.,]*\s*(?:usd|eur|gbp|rmb|cny|aed|sar|qar|kwd|egp|mxn|cop|ars|clp|pen|dollars?|euros?|dolares|pesos|yuan|soles|dirhams?|riyals?)\b/,
  /\d[\d.,]*\s*(?:دولار|يورو|ريال|درهم|جنيه|يوان|دينار)/,
  /(?:دولار|يورو|ريال|درهم|جنيه|يوان|دينار)\s*\d/,
];

/** The currency amounts in a text ("50 USD", "€ 30", "200 ريال"). */
function findCurrencyAmounts(text: string): string[] {
  const folded = fold(text);
  return CURRENCY_PATTERNS.flatMap((pattern) => folded.match(pattern)?.[0] ?? []);
}

const seedFigures = new Set(extractFigures('en', allSeedText));

// ---------------------------------------------------------------- what each topic must state

const DOCUMENT_NAMES: Record<string, Record<Language, RegExp>> = {
  '000': { en: /warranty card/i, es: /tarjeta de garant[ií]a/i, ar: /بطاقة (?:ضمان المنتج|الضمان)/ },
  '001': { en: /Commitment Letter/, es: /Carta de Compromiso/, ar: /خطاب الالتزام/ },
};

/** Figures each topic must state in every language (each must also be in the seeds). */
const REQUIRED_FIGURES: Record<string, string[]> = {
  'warranty-terms': ['7 day', '15 day', '3 year', '12 month'],
  'spare-parts': ['12 month', '3 year'],
  'support-hours': ['24 hour', '15 minute'],
};

/** Exact strings each topic must carry in every language, and that the seeds must contain too. */
const REQUIRED_LITERALS: Record<string, string[]> = {
  'warranty-terms': ['Ilockey'],
  'paid-service': ['charged fees for special services'],
  'support-hours': ['+86-159-9999-7999', 'sales@loto-beeyi.com', 'www.loto-beeyi.com', 'WhatsApp', 'WeChat', 'Skype'],
  recycling: ['RoHS', 'Carbon Neutrality Partnership', '+86-159-9999-7999', 'sales@loto-beeyi.com'],
};

/** Wording each topic must carry, per language. */
const REQUIRED_WORDING: Record<string, Record<Language, RegExp[]>> = {
  'paid-service': {
    en: [/force majeure/i, /strong magnetic/i, /chemical corrosion/i, /incorrect installation/i, /no purchase order/i, /lock position/i],
    es: [/fuerza mayor/i, /campo magn[eé]tico/i, /corrosi[oó]n qu[ií]mica/i, /instalaci[oó]n incorrecta/i, /orden de compra/i, /desplazada/i],
    ar: [/القوة القاهرة/, /مغناطيسي/, /التآكل الكيميائي/, /تركيب خاطئ/, /أمر شراء/, /انحراف موضع القفل/],
  },
  'spare-parts': {
    en: [/cost price/i, /for life/i, /lock cylinders/i],
    es: [/precio de cost[eo]/i, /de por vida/i, /cilindros/i],
    ar: [/سعر التكلفة/, /مدى الحياة/, /أسطوانات القفل/],
  },
  'onsite-visit': {
    en: [/travel/i, /meal/i, /hotel/i, /factory/i, /training/i],
    es: [/viaje/i, /comidas/i, /hotel/i, /f[aá]brica/i, /formaci[oó]n/i],
    ar: [/السفر/, /الوجبات/, /الفندق/, /مصنع/, /التدريب/],
  },
  'support-hours': {
    en: [/7×24/, /English, Spanish and Arabic/i, /email/i, /phone/i],
    es: [/7×24/, /ingl[eé]s, espa[nñ]ol y [aá]rabe/i, /correo/i, /tel[eé]fono/i],
    ar: [/7×24/, /بالإنجليزية والإسبانية والعربية/, /البريد الإلكتروني/, /الهاتف/],
  },
  'manuals-videos': {
    en: [/installation videos/i, /electronic manuals/i, /remote video diagnosis/i, /FAQ/],
    es: [/v[ií]deos de instalaci[oó]n/i, /manuales electr[oó]nicos/i, /diagn[oó]stico remoto por v[ií]deo/i, /FAQ/],
    ar: [/فيديوهات التركيب/, /أدلة إلكترونية/, /التشخيص عن بُعد بالفيديو/, /FAQ/],
  },
  recycling: {
    en: [/free/i, /recycling/i],
    es: [/gratuito/i, /reciclaje/i],
    ar: [/مجاني/, /إعادة التدوير/],
  },
};

// ---------------------------------------------------------------- the tests

describe('the policy checks themselves can fail', () => {
  it('find invented periods in every language, in digits, words and Arabic forms', () => {
    expect(extractFigures('en', 'Free repairs for two years and a 30-day return, reply in 48 hours.')).toEqual(['48 hour', '30 day', '2 year']);
    expect(extractFigures('es', 'Garantía de dos años y devolución en 30 días.')).toEqual(['30 day', '2 year']);
    expect(extractFigures('ar', 'ضمان لمدة ٥ سنوات، واسترجاع خلال ٣٠ يومًا، أو سنتين للقطع.').sort()).toEqual(['2 year', '30 day', '5 year']);
    expect(extractFigures('en', 'a global warranty period of 12 months, 7×24-hour support')).toEqual(['24 hour', '12 month']);
  });

  it('find currency amounts', () => {
    expect(findCurrencyAmounts('A visit costs USD 150.')).not.toEqual([]);
    expect(findCurrencyAmounts('La pieza cuesta 30 €.')).not.toEqual([]);
    expect(findCurrencyAmounts('الزيارة بـ 200 ريال')).not.toEqual([]);
    expect(findCurrencyAmounts('Hotline +86-159-9999-7999, 7×24 support')).toEqual([]);
  });

  it('read the seed figures the content relies on', () => {
    expect([...seedFigures].sort()).toEqual(['12 month', '15 day', '15 minute', '24 hour', '3 year', '7 day']);
  });
});

describe.each(policyIds)('policy topic %s', (id) => {
  const topic = topics.get(id)!;

  it('is a policy topic whose sources name clauses that exist in the seeds', () => {
    expect(topic.kind).toBe('policy');
    expect(topic.sources.length).toBeGreaterThan(0);
    for (const source of topic.sources) {
      const match = /^seed (\d{3}): (.+?)(?: \(.*\))?$/.exec(source);
      expect(match, source).not.toBeNull();
      // Seeds come from web pages: compare with whitespace (incl. no-break spaces) collapsed.
      const collapse = (text: string): string => text.replace(/\s+/g, ' ');
      expect(collapse(seeds[match![1]!] ?? ''), source).toContain(collapse(match![2]!));
    }
  });

  it.each(languages)('in %s, names the document each statement comes from', (language) => {
    const text = readableText(topic, language);
    for (const seed of new Set(topic.sources.map((source) => source.slice(5, 8)))) {
      expect(text).toMatch(DOCUMENT_NAMES[seed]![language]);
    }
  });

  it.each(languages)('in %s, states no period and no amount that the seeds do not state', (language) => {
    const text = readableText(topic, language);
    const unseen = extractFigures(language, text).filter((figure) => !seedFigures.has(figure));
    expect(unseen).toEqual([]);
    expect(findCurrencyAmounts(text)).toEqual([]);
  });

  it.each(languages)('in %s, states the figures, names and wording of the seeds', (language) => {
    const text = readableText(topic, language);
    const figures = new Set(extractFigures(language, text));
    for (const figure of REQUIRED_FIGURES[id] ?? []) {
      expect(seedFigures.has(figure), `${figure} is in the seeds`).toBe(true);
      expect(figures.has(figure), `${id}/${language} states ${figure}`).toBe(true);
    }
    for (const literal of REQUIRED_LITERALS[id] ?? []) {
      expect(allSeedText.toLowerCase(), `the seeds contain ${literal}`).toContain(literal.toLowerCase());
      expect(text).toContain(literal);
    }
    for (const pattern of REQUIRED_WORDING[id]?.[language] ?? []) expect(text).toMatch(pattern);
    if (text.includes('Skype')) expect(text, 'Skype is followed by its replacement, Teams').toContain('Teams');
  });
});

describe('seed facts that have no single figure', () => {
  it('support-hours states the 7×24 support of the commitment letter', () => {
    expect(seeds['001']).toMatch(/7×24-hour multilingual support \(English\/Spanish\/Arabic\)/);
    expect(seeds['001']).toContain('within 15 minutes');
    expect(seeds['000']).toContain('within 24 hours');
  });

  it('no seed gives a fee amount, so no policy answer may give one', () => {
    expect(findCurrencyAmounts(allSeedText)).toEqual([]);
    for (const language of languages) {
      expect(readableText(topics.get('paid-service')!, language)).toMatch(
        { en: /Neither document states any fee amounts/, es: /Ninguno de los dos documentos indica importes/, ar: /لا تذكر أي من الوثيقتين مبالغ الرسوم/ }[language],
      );
    }
  });
});

describe('environment-damage quotes the exclusions of both documents', () => {
  const topic = TopicSchema.parse(JSON.parse(readFileSync(path.join(repoRoot, 'faq', 'environment-damage.json'), 'utf8')));
  const wording: Record<Language, RegExp[]> = {
    en: [/warranty card/i, /strong magnetic or electric field/i, /force majeure/i, /Commitment Letter/, /natural disasters and chemical corrosion/i],
    es: [/tarjeta de garant[ií]a/i, /campo magn[eé]tico o el[eé]ctrico fuerte/i, /fuerza mayor/i, /Carta de Compromiso/, /desastres naturales y la corrosi[oó]n qu[ií]mica/i],
    ar: [/بطاقة الضمان/, /مجال مغناطيسي أو كهربائي قوي/, /القوة القاهرة/, /خطاب الالتزام/, /الكوارث الطبيعية والتآكل الكيميائي/],
  };

  it('the seeds contain those exclusions', () => {
    expect(seeds['000']).toMatch(/strong magnetic field, strong electric field/);
    expect(seeds['000']).toMatch(/force majeure/);
    expect(seeds['001']).toMatch(/natural disasters and chemical corrosion/);
  });

  it.each(languages)('in %s, the warranty ending names them and states no invented figure', (language) => {
    const step = topic.content[language].tree?.steps.warranty;
    expect(step?.outcome).toBe('warranty');
    for (const pattern of wording[language]) expect(step?.text).toMatch(pattern);
    const text = readableText(topic, language);
    expect(extractFigures(language, text).filter((figure) => !seedFigures.has(figure))).toEqual([]);
    expect(findCurrencyAmounts(text)).toEqual([]);
  });
});
