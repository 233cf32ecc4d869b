import { requireService, ROOT_DIALOG, type Dialog, type TurnContext } from '../../src/core/dialog.js';
import { normalizeText } from '../../src/core/normalize.js';
import type { Translator } from '../../src/core/i18n.js';
import type { Choice, Language } from '../../src/core/types.js';

/**
 * The one-question satisfaction survey sent when an agent resolves a ticket. The agent API puts
 * this dialog on the conversation's stack (`core.updateState`) and sends the question; the
 * customer's answer ("4", "٤", "four" or the button) is stored on the ticket as its score.
 */
export const SURVEY_DIALOG = 'survey';
export const SURVEY_PREFIX = 'survey:';

export function surveyChoices(translator: Translator, language: Language): Choice[] {
  const titles = translator.list(language, 'handoff.survey.options');
  const list = titles.length === 5 ? titles : ['1', '2', '3', '4', '5'];
  return list.map((title, index) => ({ title, value: `${SURVEY_PREFIX}${index + 1}` }));
}

/** The score in an answer: a survey choice, or a message that starts with 1–5. */
export function readScore(ctx: Pick<TurnContext, 'input'>): number | undefined {
  const { input } = ctx;
  if (input.value?.startsWith(SURVEY_PREFIX)) return Number(input.value.slice(SURVEY_PREFIX.length));
  const match = /^([1-5])(\s|$)/.exec(normalizeText(input.text));
  return match ? Number(match[1]) : undefined;
}

export const surveyDialog: Dialog = {
  id: SURVEY_DIALOG,

  begin(ctx, args) {
    ctx.goto('ask', { ticketId: typeof args.ticketId === 'string' ? args.ticketId : '' });
    ctx.sayKey('handoff.survey.question', undefined, surveyChoices(ctx.services.translator, ctx.language));
  },

  async continue(ctx) {
    const ticketId = typeof ctx.frame?.data.ticketId === 'string' ? ctx.frame.data.ticketId : '';
    const score = readScore(ctx);
    if (score === undefined || score < 1 || score > 5) {
      // Not an answer to the survey: drop it and treat the message as a new question.
      ctx.state.stack.pop();
      await ctx.begin(ROOT_DIALOG, {});
      return;
    }
    if (ticketId) await requireService(ctx.services, 'tickets').recordSurvey(ticketId, score);
    ctx.sayKey('handoff.survey.thanks', { score });
    await ctx.end();
  },
};
