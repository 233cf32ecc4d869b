import { requireService } from '../core/dialog.js';
import type { ConversationState } from '../core/types.js';
import { createDeskTranslator, type DeskTranslator } from '../handoff/desk-translator.js';
import type { FeatureSetup, SetupContext } from '../setup-context.js';
import { surveyChannelRules } from './channel-rules.js';
import { SurveyCampaigns } from './survey-campaign.js';
import { SurveyContacts } from './survey-contacts.js';
import { createTopicNotices, registerResultsPage } from './results-page.js';
import { registerSurveyRoutes } from './survey-routes.js';
import { SurveyService } from './survey-service.js';
import { surveyOptOutCommand, yearlySurveyDialog } from './yearly-survey-dialog.js';

export interface SurveyFeatureSetup extends FeatureSetup {
  surveys: SurveyService;
  contacts: SurveyContacts;
  /** Machine translation of answers and results texts; undefined without OPENAI_API_KEY. */
  translation?: DeskTranslator;
  /** The campaign runner (needs the core, so it is made on first use). */
  campaigns(overrides?: Partial<ConstructorParameters<typeof SurveyCampaigns>[0]>): SurveyCampaigns;
}

/**
 * The December satisfaction survey (commitment letter IV.A): who contacted support each year,
 * the `yearly-survey` dialog and the opt-out words, campaigns, results and PDCA actions.
 */
export async function createSurveyFeature(ctx: SetupContext): Promise<SurveyFeatureSetup> {
  const { config, store, clock, translator } = ctx;
  const logger = ctx.logger.child({ component: 'survey' });
  const contacts = new SurveyContacts(store, clock, logger);
  const surveys = new SurveyService(store, contacts);
  // The console's translator (same model, same cache in the store): answers for the manager.
  const translation = createDeskTranslator({ openai: config.openai, timeoutMs: config.handoff.translationTimeoutMs, store, logger, now: () => clock.now().getTime() });
  const campaigns = (overrides: Partial<ConstructorParameters<typeof SurveyCampaigns>[0]> = {}) =>
    new SurveyCampaigns({
      store,
      core: ctx.core(),
      contacts,
      surveys,
      translator,
      ...(translation ? { machineTranslation: translation } : {}),
      clock,
      logger,
      rules: surveyChannelRules({ whatsappCloudTemplate: config.whatsappCloud.templates.satisfaction_survey }),
      intervalMs: config.reports.surveyIntervalMs,
      stateTtlMs: config.conversation.ttlMs,
      ...overrides,
    });


  return {
    feature: { name: 'survey', dialogs: [yearlySurveyDialog], commands: [surveyOptOutCommand], afterTurn: (state: ConversationState) => contacts.recordTurn(state) },
    services: { surveys, topicNotices: createTopicNotices(store, ctx.translator, (config.publicUrl ?? `http://${config.host}:${config.port}`).replace(/\/$/, '')) },
    surveys,
    contacts,
    ...(translation ? { translation } : {}),
    campaigns,
    routes(app) {
      registerResultsPage(app, { store, translator: ctx.translator });
      registerSurveyRoutes(app, {
        store,
        clock,
        logger,
        surveys,
        campaigns: () => campaigns(),
        directory: () => requireService(ctx.core().services, 'agents'),
        ...(translation ? { translator: translation } : {}),
      });
    },
  };
}
