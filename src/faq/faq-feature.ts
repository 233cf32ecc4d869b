import { troubleshootDialog } from '../../dialogs/troubleshoot/troubleshoot-dialog.js';
import type { FeatureSetup, SetupContext } from '../setup-context.js';
import { createFaqService } from './faq-service.js';
import { createChatModel } from '../core/chat-model.js';
import { createGroundedAnswerer } from './grounded-answers.js';
import { createLlmTopicSuggester } from './llm-topic-suggester.js';

/** FAQ search and the guided troubleshooting dialog (`troubleshoot`), with `ctx.services.faq`. */
export async function createFaqFeature(ctx: SetupContext): Promise<FeatureSetup> {
  if (ctx.config.faq.answers === 'llm' && !ctx.config.openai.apiKey) ctx.logger.warn('FAQ_ANSWERS=llm needs OPENAI_API_KEY: grounded FAQ answers are off');
  const faq = await createFaqService({
    dir: ctx.config.faq.dir,
    logger: ctx.logger,
    suggester: createLlmTopicSuggester(ctx.config.openai, ctx.logger),
    ...(ctx.config.faq.answers === 'llm' ? { answerer: createGroundedAnswerer(createChatModel(ctx.config.openai), ctx.logger) } : {}),
    store: ctx.store,
    gapsRetentionMs: ctx.config.faq.gapsRetentionMs,
  });
  return {
    feature: { name: 'faq', dialogs: [troubleshootDialog] },
    services: { faq },
    languageModel: faq.languageModel,
    async ready() {
      return { faqTopics: faq.topics.size };
    },
  };
}
