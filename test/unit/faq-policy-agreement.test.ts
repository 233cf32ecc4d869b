import { describe, expect, it } from 'vitest';
import type { Language } from '../../src/core/types.js';
import { loadTopics, resolveFaqDir } from '../../src/faq/topic-loader.js';
import type { Policy } from '../../src/warranty/policy-schema.js';
import { policies } from '../helpers/warranty-harness.js';

/**
 * The FAQ and the warranty dialog speak of the same things: how long, from when, what is never
 * covered, what voids the free warranty. The dialog reads them from `policies/*.json`; this test
 * derives from the same policy data what the FAQ's policy topics must state, so a change to a
 * policy (a period, a start date, a new voiding cause) fails here until the FAQ says it too.
 */

const topics = new Map(loadTopics(resolveFaqDir('faq')).map((topic) => [topic.id, topic]));
const LANGUAGES: Language[] = ['en', 'es', 'ar'];
const answer = (id: string, language: Language) => topics.get(id)!.content[language].answer;

const UNIT: Record<'years' | 'months' | 'days', Record<Language, string>> = {
  years: { en: 'years?', es: 'años', ar: 'سنوات|سنة' },
  months: { en: 'months?', es: 'meses', ar: 'شهرًا|شهراً|شهر' },
  days: { en: 'days?', es: 'días', ar: 'أيام|يومًا|يوماً' },
};

const START: Record<'purchase' | 'delivery' | 'installation', Record<Language, RegExp>> = {
  purchase: { en: /purchase/i, es: /compra/i, ar: /الشراء/ },
  delivery: { en: /delivery/i, es: /entrega/i, ar: /التسليم/ },
  installation: { en: /installation/i, es: /instalación/i, ar: /التركيب/ },
};

const COMPONENT: Record<string, Record<Language, RegExp>> = {
  card: { en: /card damage and loss/i, es: /daños ni pérdida de tarjetas/i, ar: /تلف الكروت أو فقدانها|تلف البطاقات أو فقدانها/ },
  casing: { en: /casing/i, es: /carcasa/i, ar: /الغلاف/ },
  manual: { en: /user manual/i, es: /manual de usuario/i, ar: /دليل المستخدم/ },
  cylinder: { en: /lock cylinders/i, es: /cilindros/i, ar: /أسطوانات القفل/ },
  transmission: { en: /transmission devices/i, es: /mecanismos de transmisión/i, ar: /نقل الحركة/ },
};

/** How the paid-service topic names each voiding cause (by cause id). */
const CAUSE: Record<string, Record<Language, RegExp>> = {
  'unauthorized-repair': { en: /unauthorised (?:removal|modification)/i, es: /sin autorización|no autorizada/i, ar: /بدون تصريح|غير مصرّح/ },
  'force-majeure': { en: /force majeure|irresistible factors/i, es: /fuerza mayor/i, ar: /القوة القاهرة|عوامل قاهرة/ },
  'abnormal-environment': { en: /abnormal working environment/i, es: /entorno de trabajo anormal/i, ar: /بيئة عمل غير طبيعية/ },
  misuse: { en: /not following the product instructions|failure to use/i, es: /no seguir las instrucciones|no usar/i, ar: /عدم اتباع تعليمات المنتج|عدم استخدام المنتج/ },
  'door-damage': { en: /door or door fittings/i, es: /la puerta o sus herrajes/i, ar: /الباب أو ملحقاته/ },
  'lock-position-deviated': { en: /lock position has deviated/i, es: /desplazada de su posición/i, ar: /انحراف موضع القفل/ },
  'incorrect-installation': { en: /incorrect installation/i, es: /instalación incorrecta/i, ar: /تركيب خاطئ/ },
  'incompatible-system': { en: /incompatible systems/i, es: /sistemas incompatibles/i, ar: /أنظمة غير متوافقة/ },
  'chemical-corrosion': { en: /chemical corrosion/i, es: /corrosión química/i, ar: /التآكل الكيميائي/ },
  'improper-maintenance': { en: /maintain the product/i, es: /mantener el producto/i, ar: /صيانته/ },
};

const all = [...policies.policies.values()];

function periodPattern(period: NonNullable<Policy['remedies'][number]['period']>, language: Language): RegExp {
  const [unit, value] = (Object.entries(period) as Array<['years' | 'months' | 'days', number]>)[0]!;
  return new RegExp(`(?<!\\d)${value}[\\s-]*(?:${UNIT[unit][language]})`, 'u');
}

describe('the FAQ states what the policy data says', () => {
  it.each(LANGUAGES)('%s: warranty-terms states every free period, from the date the policy counts it', (language) => {
    const text = answer('warranty-terms', language);
    for (const policy of all) {
      for (const remedy of policy.remedies.filter((item) => item.free && item.period)) {
        expect(text, `${policy.id} ${remedy.id}`).toMatch(periodPattern(remedy.period!, language));
        expect(text, `${policy.id} ${remedy.id}`).toMatch(START[remedy.startsFrom!][language]);
      }
    }
  });

  it.each(LANGUAGES)('%s: warranty-terms and spare-parts name what is never covered and the components a remedy is limited to', (language) => {
    const text = `${answer('warranty-terms', language)}\n${answer('spare-parts', language)}`;
    for (const policy of all) {
      const named = [...(policy.neverCovered?.components ?? []), ...policy.remedies.flatMap((remedy) => remedy.components ?? [])];
      for (const component of named) {
        expect(COMPONENT[component], `no FAQ wording for component "${component}"`).toBeDefined();
        expect(text, `${policy.id} ${component}`).toMatch(COMPONENT[component]![language]);
      }
    }
  });

  it.each(LANGUAGES)('%s: paid-service names every cause that voids the free warranty', (language) => {
    const text = answer('paid-service', language);
    for (const policy of all) {
      for (const cause of policy.voidingCauses) {
        expect(CAUSE[cause.id], `no FAQ wording for cause "${cause.id}" (${policy.id})`).toBeDefined();
        expect(text, `${policy.id} ${cause.id}`).toMatch(CAUSE[cause.id]![language]);
      }
      if (policy.proofOfPurchase) expect(text).toMatch({ en: /unless it can be proven/i, es: /salvo que se pueda demostrar/i, ar: /إلا إذا أمكن إثبات/ }[language]);
    }
  });

  it('the check can fail: a period the FAQ does not state is caught', () => {
    expect(answer('warranty-terms', 'en')).not.toMatch(periodPattern({ years: 5 }, 'en'));
  });
});
