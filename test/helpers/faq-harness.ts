import { isolateLatinRuns } from '../../src/core/bidi.js';
import type { Dialog } from '../../src/core/dialog.js';
import type { JsonObject, Language } from '../../src/core/types.js';
import { createFaqService, type FaqService } from '../../src/faq/faq-service.js';
import { troubleshootDialog } from '../../dialogs/troubleshoot/troubleshoot-dialog.js';
import type { FaqTopic } from '../../src/faq/topic-schema.js';
import { createSilentLogger } from '../../src/logger.js';
import { createTestCore, testTranslator } from './core-harness.js';
import { recordingHandoff } from './recording-handoff.js';

export { recordingHandoff } from './recording-handoff.js';

/** Shared set-up for the troubleshooting dialog tests: the real faq/ content, a recording handoff. */
let shared: Promise<FaqService> | undefined;
export const realFaq = () => (shared ??= createFaqService({ dir: 'faq', logger: createSilentLogger() }));

export const t = testTranslator();

/** A stand-in for the warranty dialog another feature provides: records its args and ends. */
export function fakeWarrantyDialog(calls: JsonObject[]): Dialog {
  return {
    id: 'warranty',
    begin(ctx, args) {
      calls.push(args);
      ctx.say('WARRANTY CHECK STARTED');
    },
    async continue(ctx) {
      await ctx.end();
    },
  };
}

export async function startFaqCore(options: { faq?: FaqService; withWarranty?: boolean } = {}) {
  const faq = options.faq ?? (await realFaq());
  const handoff = recordingHandoff();
  const { requests } = handoff;
  const warrantyCalls: JsonObject[] = [];
  const dialogs: Dialog[] = [troubleshootDialog, ...(options.withWarranty ? [fakeWarrantyDialog(warrantyCalls)] : [])];
  const harness = createTestCore({ features: [{ name: 'faq', dialogs }], services: { faq }, handoff });
  return { ...harness, faq, requests, warrantyCalls };
}

/** A step's text as the user sees it (Arabic with its Latin runs isolated, src/core/bidi.ts). */
export function stepText(topic: FaqTopic, language: Language, step: string): string {
  const text = topic.content[language].tree!.steps[step]!.text;
  return language === 'ar' ? isolateLatinRuns(text) : text;
}

export function labelsOf(topic: FaqTopic, language: Language, step: string): string[] {
  return topic.content[language].tree!.steps[step]!.choices!.map((choice) => choice.label);
}
