import { troubleshootDialog } from '../../dialogs/troubleshoot/troubleshoot-dialog.js';
import type { FeatureSetup, SetupContext } from '../setup-context.js';
import { createFaqService } from './faq-service.js';
import { createLlmTopicSuggester } from './llm-topic-suggester.js';

/** FAQ search and the guided troubleshooting dialog (`troubleshoot`), with `ctx.services.faq`. */
export async function createFaqFeature(ctx: SetupContext): Promise<FeatureSetup> {
  const faq = await createFaqService({
    dir: ctx.config.faq.dir,
    logger: ctx.logger,
    suggester: createLlmTopicSuggester(ctx.config.openai, ctx.logger),
    store: ctx.store,
    gapsRetentionMs: ctx.config.faq.gapsRetentionMs,
  });
  return {
    feature: { name: 'faq', dialogs: [troubleshootDialog] },
    services: { faq },
    async ready() {
      return { faqTopics: faq.topics.size };
    },
  };
}
