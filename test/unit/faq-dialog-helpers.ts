import { isolateLatinRuns } from '../../src/core/bidi.js';
import type { Dialog, EscalationRequest, HandoffService } from '../../src/core/dialog.js';
import type { JsonObject, Language } from '../../src/core/types.js';
import { createFaqService, type FaqService } from '../../src/faq/faq-service.js';
import { troubleshootDialog } from '../../dialogs/troubleshoot.js';
import type { FaqTopic } from '../../src/faq/topic-schema.js';
import { createSilentLogger } from '../../src/logger.js';
import { createTestCore, testTranslator } from '../helpers/core-harness.js';

/** Shared set-up for the troubleshooting dialog tests: the real faq/ content, a recording handoff. */
let shared: Promise<FaqService> | undefined;
export const realFaq = () => (shared ??= createFaqService({ dir: 'faq', logger: createSilentLogger() }));

export const t = testTranslator();

export function recordingHandoff() {
  const requests: EscalationRequest[] = [];
  const handoff: HandoffService = {
    async escalate(ctx, request) {
      requests.push(JSON.parse(JSON.stringify(request)) as EscalationRequest);
      ctx.sayKey('handoff.followUp');
    },
    async handleWhileHandedOff(ctx) {
      await ctx.restart();
    },
  };
  return { handoff, requests };
}

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
  const { handoff, requests } = recordingHandoff();
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
