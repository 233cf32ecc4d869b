import { baseFeature } from '../dialogs/base-feature.js';
import { createFaqFeature } from './faq/faq-feature.js';
import { createHandoffFeature } from './handoff/handoff-feature.js';
import type { FeatureFactory } from './setup-context.js';
import { createReportsFeature } from './reports/reports-feature.js';
import { createSurveyFeature } from './survey/survey-feature.js';
import { createWarrantyFeature } from './warranty/warranty-feature.js';

export type { FeatureFactory, FeatureSetup, SetupContext } from './setup-context.js';

/**
 * The features every LockCare runs, in order. Each later issue adds its factory here
 * (FAQ and troubleshooting, warranty, escalation and console). The setup types live in
 * `setup-context.ts`, so a feature never imports this list that imports it.
 */
export async function featureFactories(): Promise<FeatureFactory[]> {
  return [async () => ({ feature: baseFeature }), createHandoffFeature, createFaqFeature, createWarrantyFeature, createReportsFeature, createSurveyFeature];
}
