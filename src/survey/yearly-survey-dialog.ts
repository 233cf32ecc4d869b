import { readScore, surveyChoices } from '../../dialogs/survey/survey-dialog.js';
import type { Dialog, GlobalCommand, TurnContext } from '../core/dialog.js';
import { normalizeText } from '../core/normalize.js';
import { LANGUAGES, type Choice } from '../core/types.js';
import type { SurveyService } from './survey-service.js';

declare module '../core/dialog.js' {
  interface FeatureServices {
    surveys: SurveyService;
  }
}

/**
 * The December survey (`yearly-survey`): overall 1–5, response speed 1–5, one free-text answer.
 * The campaign puts this dialog on the customer's conversation and sends the first question;
 * each answer is stored against the campaign's year at once, so a customer who stops half-way
 * still counts for what they answered. Frame data: `{year, customer}`.
 */
export const YEARLY_SURVEY_DIALOG = 'yearly-survey';
const SKIP = 'yearly-survey:skip';
const MAX_COMMENT = 1000;

export function skipChoice(ctx: Pick<TurnContext, 't'>): Choice[] {
  return [{ title: ctx.t('survey.skip'), value: SKIP }];
}

function frameData(ctx: TurnContext): { year: number; customer: string; misses: number } {
  const data = ctx.frame?.data ?? {};
  return { year: Number(data.year), customer: String(data.customer ?? ''), misses: Number(data.misses ?? 0) };
}

async function notAScore(ctx: TurnContext, question: 'survey.overall' | 'survey.speed'): Promise<void> {
  const data = frameData(ctx);
  if (data.misses >= 1) {
    // Twice not an answer: the customer is asking something else; let the bot answer it.
    ctx.state.stack.pop();
    await ctx.begin('main-menu', {});
    return;
  }
  ctx.goto(ctx.frame!.step, { ...ctx.frame!.data, misses: data.misses + 1 });
  ctx.sayKey('survey.notScore');
  ctx.sayKey(question, undefined, surveyChoices(ctx.services.translator, ctx.language));
}

export const yearlySurveyDialog: Dialog = {
  id: YEARLY_SURVEY_DIALOG,

  begin(ctx, args) {
    ctx.goto('overall', { year: args.year ?? null, customer: args.customer ?? null, misses: 0 });
    ctx.sayKey('survey.overall', undefined, surveyChoices(ctx.services.translator, ctx.language));
  },

  async continue(ctx) {
    const { year, customer } = frameData(ctx);
    const surveys = ctx.services.surveys;
    const answer = (patch: { overall?: number; speed?: number; comment?: string }) =>
      surveys?.recordAnswer(year, customer, { ...patch, channel: ctx.state.channel, language: ctx.language, at: ctx.now, ...(typeof ctx.state.facts.topic === 'string' ? { topic: ctx.state.facts.topic } : {}) });
    switch (ctx.frame?.step) {
      case 'overall': {
        const score = readScore(ctx);
        if (score === undefined) return notAScore(ctx, 'survey.overall');
        await answer({ overall: score });
        ctx.goto('speed', { year, customer, misses: 0 });
        ctx.sayKey('survey.speed', undefined, surveyChoices(ctx.services.translator, ctx.language));
        return;
      }
      case 'speed': {
        const score = readScore(ctx);
        if (score === undefined) return notAScore(ctx, 'survey.speed');
        await answer({ speed: score });
        ctx.goto('comment', { year, customer, misses: 0 });
        ctx.sayKey('survey.comment', undefined, skipChoice(ctx));
        return;
      }
      default: {
        const text = ctx.input.value === SKIP ? '' : ctx.input.text.trim().slice(0, MAX_COMMENT);
        if (text) await answer({ comment: text });
        ctx.sayKey('survey.thanks');
        ctx.state.stack.pop();
      }
    }
  },
};

/**
 * "stop" / "baja" / "إلغاء": no more surveys for this customer, kept for good. During a survey
 * (the yearly one or the 1–5 after a ticket) they opt out; "baja" opts out at any time with the
 * bot. Otherwise the command declines (`next()`), so "stop" and "إلغاء" still mean cancel.
 */
export const surveyOptOutCommand: GlobalCommand = {
  id: 'surveyOptOut',
  priority: 20,
  when: 'always',
  async run(ctx, next) {
    const inSurvey = ctx.frame?.id === YEARLY_SURVEY_DIALOG || ctx.frame?.id === 'survey';
    const text = normalizeText(ctx.input.text);
    const meansUnsubscribe = LANGUAGES.some((language) => ctx.services.translator.list(language, 'survey.unsubscribeWords').some((word) => normalizeText(word) === text));
    if (!inSurvey && !(ctx.state.mode === 'bot' && meansUnsubscribe)) {
      await next();
      return;
    }
    await ctx.services.surveys?.optOut(ctx.state);
    ctx.sayKey('survey.optedOut');
    if (inSurvey) ctx.state.stack.pop();
  },
};
