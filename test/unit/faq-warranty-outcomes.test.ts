import { describe, expect, it } from 'vitest';
import type { Language } from '../../src/core/types.js';
import { loadTopics, resolveFaqDir } from '../../src/faq/topic-loader.js';
import type { FaqTopic } from '../../src/faq/topic-schema.js';

/**
 * Only the warranty check (registry + policy) tells a customer that a repair is free, covered or
 * paid. A troubleshooting text that states such a verdict must be a step whose outcome is
 * "warranty" (it hands over to the check); anywhere else the text may only say that it depends
 * and that the check decides. No step may decide from the lock's age ("installed in the last
 * few months"): whenever a tree ends in a possible defect, the registry decides.
 */

const topics = loadTopics(resolveFaqDir('faq'));
const LANGUAGES: Language[] = ['en', 'es', 'ar'];

/** A flat statement that the warranty covers, excludes or charges. */
export const VERDICT: Record<Language, RegExp> = {
  en: /\b(?:is|are) (?:not )?covered\b|\bnot covered by\b|\bpaid service\b|\b(?:is|are|will be) charged\b|\b(?:is|are) free\b|\bfree of charge\b/i,
  es: /\b(?:no )?(?:est[áa]n?|quedan?) cubiert|\bservicio de pago\b|\bse cobra|\b(?:es|son) gratuit/i,
  ar: /يشمله(?:ا)? الضمان|خدمة مدفوعة|تكون مدفوعة|يكون مجاني|مجاناً|مجانًا/,
};

/** Words that make a sentence conditional: it says the answer depends, not what it is. */
const HEDGE: Record<Language, RegExp> = {
  en: /\b(?:whether|depends|can end|may|if the damage)\b/i,
  es: /\b(?:depende|si la reparación|puede anular|consulta de garantía le indica)\b/i,
  ar: /يتوقف|إن كان|هل يشمل|هل تكون|قد يُنهي|قد ينهي/,
};

/** The lock's (or encoder's) age as a branch: "installed recently?", "in the last few months". */
const AGE_QUESTION: Record<Language, RegExp> = {
  en: /installed recently|delivered recently|last few months|is it new\b|\bit is older/i,
  es: /hace poco|[úu]ltimos meses|es m[áa]s antigu/i,
  ar: /(?:رُكّب|ركب|استلمتم)[^.؟?]*حديث|الأشهر الأخيرة|أقدم من ذلك/,
};

/** A sentence that says what a named document says is a quotation, not a verdict on this lock. */
const NAMES_DOCUMENT: Record<Language, RegExp> = {
  en: /warranty card|commitment letter/i,
  es: /tarjeta de garant[ií]a|carta de compromiso/i,
  ar: /بطاقة الضمان|خطاب الالتزام/,
};

const ABOUT_WARRANTY = /warrant|repair|servic|garant|repara|ضمان|إصلاح|خدمة/iu;

const sentences = (text: string) => text.split(/(?<=[.!?؟])\s+/u);

/** Sentences that state a warranty verdict, neither hedged nor quoting a named document. */
export function flatVerdicts(text: string, language: Language): string[] {
  return sentences(text).filter(
    (sentence) => VERDICT[language].test(sentence) && ABOUT_WARRANTY.test(sentence) && !HEDGE[language].test(sentence) && !NAMES_DOCUMENT[language].test(sentence),
  );
}

interface Place {
  topic: FaqTopic;
  language: Language;
  where: string;
  text: string;
  outcome?: string;
}

function places(): Place[] {
  return topics.flatMap((topic) =>
    LANGUAGES.flatMap((language) => {
      const content = topic.content[language];
      const list: Place[] = [{ topic, language, where: 'answer', text: content.answer }];
      for (const [id, step] of Object.entries(content.tree?.steps ?? {})) {
        list.push({ topic, language, where: `step ${id}`, text: [step.text, ...(step.choices ?? []).map((choice) => choice.label)].join('\n'), outcome: step.outcome });
      }
      return list;
    }),
  );
}

describe('warranty verdicts go through the warranty check', () => {
  it('the verdict finder can fail: flat statements are caught, conditional ones are not', () => {
    expect(flatVerdicts('Under the warranty terms, this is not covered by the free warranty, so this is a paid service.', 'en')).toHaveLength(1);
    expect(flatVerdicts('Damaged or lost cards are not covered by the free warranty.', 'en')).toHaveLength(1);
    expect(flatVerdicts('Las tarjetas perdidas o dañadas no están cubiertas por la garantía gratuita.', 'es')).toHaveLength(1);
    expect(flatVerdicts('الكروت التالفة أو المفقودة لا يشملها الضمان المجاني.', 'ar')).toHaveLength(1);
    expect(flatVerdicts('Whether a damaged card is covered depends on your lock.', 'en')).toEqual([]);
    expect(flatVerdicts('The warranty card lists a deviated lock position among the paid services.', 'en')).toEqual([]);
    expect(AGE_QUESTION.en.test('Was this lock installed recently, for example in the last few months?')).toBe(true);
  });

  it('troubleshooting texts state a verdict only in a step that hands over to the warranty check', () => {
    const offending = places()
      .filter((place) => place.topic.kind !== 'policy' && place.outcome !== 'warranty')
      .flatMap((place) => flatVerdicts(place.text, place.language).map((sentence) => `${place.topic.id} ${place.language} ${place.where}: ${sentence}`));
    expect(offending).toEqual([]);
  });

  it('no step branches on the age of the lock or encoder', () => {
    const offending = places()
      .filter((place) => place.where.startsWith('step') && AGE_QUESTION[place.language].test(place.text))
      .map((place) => `${place.topic.id} ${place.language} ${place.where}`);
    expect(offending).toEqual([]);
  });

  it('every tree step that finds a fault in the lock itself ends in the warranty check', () => {
    // A technician first, then the claim: the door cannot be opened, so the person must come now.
    const doorStuck = new Set(['emergency-power:tech', 'mortise-jammed:tech-closed', 'lock-no-response:tech']);
    const lockFault = /needs a technician|not working properly|the fault is mechanical|power circuit|electronics or cable|may be faulty|defect/i;
    const offending: string[] = [];
    for (const topic of topics) {
      for (const [id, step] of Object.entries(topic.content.en.tree?.steps ?? {})) {
        if (step.outcome === 'technician' && lockFault.test(step.text) && !doorStuck.has(`${topic.id}:${id}`)) offending.push(`${topic.id} step ${id}`);
      }
    }
    expect(offending).toEqual([]);
    expect(topics.filter((topic) => Object.values(topic.content.en.tree?.steps ?? {}).some((step) => step.outcome === 'warranty')).length).toBeGreaterThanOrEqual(15);
  });
});
