import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTranslator } from '../../src/core/i18n.js';
import { LANGUAGES } from '../../src/core/types.js';
import { loadPolicies, parsePolicy } from '../../src/warranty/policy-loader.js';
import { POLICIES_DIR, policies } from '../helpers/warranty-harness.js';

const hotelText = readFileSync(join(POLICIES_DIR, 'hotel-lock-3y.json'), 'utf8');

function edited(change: (policy: Record<string, unknown>) => void): string {
  const policy = JSON.parse(hotelText) as Record<string, unknown>;
  change(policy);
  return JSON.stringify(policy);
}

describe('policy files', () => {
  it('load both shipped policies with the remedy ids of the issue', () => {
    expect([...policies.policies.keys()].sort()).toEqual(['global-12m', 'hotel-lock-3y']);
    expect(policies.get('hotel-lock-3y')!.remedies.map((remedy) => [remedy.id, remedy.startsFrom, remedy.period])).toEqual([
      ['seller-return', 'installation', { days: 7 }],
      ['seller-replacement', 'installation', { days: 15 }],
      ['free-maintenance', 'purchase', { years: 3 }],
    ]);
    expect(policies.get('global-12m')!.remedies.map((remedy) => [remedy.id, remedy.startsFrom, remedy.period, remedy.components, remedy.free])).toEqual([
      ['global-warranty', 'delivery', { months: 12 }, undefined, true],
      ['core-mechanical', 'delivery', { years: 3 }, ['cylinder', 'transmission'], true],
      ['parts-at-cost', undefined, undefined, undefined, false],
    ]);
    expect(policies.get('hotel-lock-3y')!.neverCovered?.components).toEqual(['card', 'casing', 'manual']);
  });

  it('have the text of every fault question and answer in every language', () => {
    const translator = createTranslator();
    for (const policy of policies.policies.values()) {
      for (const question of policy.faultQuestions) {
        for (const language of LANGUAGES) {
          expect(translator.has(language, `warranty.questions.${question.id}`), `${language} ${question.id}`).toBe(true);
          for (const answer of question.answers) expect(translator.has(language, `warranty.answers.${question.id}.${answer.id}`), `${language} ${question.id}.${answer.id}`).toBe(true);
        }
      }
      for (const component of policy.components) for (const language of LANGUAGES) expect(translator.has(language, `warranty.components.${component}`)).toBe(true);
    }
  });

  it.each([
    ['not JSON', () => '{ "id": ', /not valid JSON/],
    ['a missing field', () => edited((policy) => delete policy.remedies), /remedies/],
    ['a bad period', () => edited((policy) => ((policy.remedies as Array<Record<string, unknown>>)[0]!.period = { weeks: 1 })), /remedies\.0\.period/],
    ['an unknown cause in an answer', () => edited((policy) => ((policy.faultQuestions as Array<{ answers: Array<Record<string, unknown>> }>)[0]!.answers[0]!.cause = 'gremlins')), /cause "gremlins"/],
    ['an unknown component', () => edited((policy) => ((policy.neverCovered as { components: string[] }).components = ['door'])), /component "door"/],
    ['a missing translation', () => edited((policy) => delete (policy.remedies as Array<{ name: Record<string, string> }>)[0]!.name.ar), /remedies\.0\.name\.ar/],
  ])('reject %s with E_CONTENT naming the file', (_what, text, message) => {
    const dir = mkdtempSync(join(tmpdir(), 'lockcare-policy-'));
    const file = join(dir, 'hotel-lock-3y.json');
    writeFileSync(file, text());
    expect(() => loadPolicies(dir)).toThrow(expect.objectContaining({ code: 'E_CONTENT', message: expect.stringContaining(file) }));
    expect(() => loadPolicies(dir)).toThrow(message);
  });

  it('reject a file whose name is not its id', () => {
    expect(() => parsePolicy(hotelText, '/x/hotel.json')).toThrow(/must then be named hotel-lock-3y\.json/);
  });
});
