import { isLanguageChange } from '../language/language-dialog.js';
import type { Dialog, TurnContext } from '../../src/core/dialog.js';
import { continueAfterVerification, handleDate, repeatDateQuestion } from './date-steps.js';
import { handleAnswer, openClaim, previousQuestion, repeatQuestion, startFault } from './fault-steps.js';
import { choice, dataOf, notUnderstood, saveData, VALUES, yesNoOf, warrantyOf } from './shared.js';
import { sayStatusPrompt, showStatus } from './status-steps.js';
import { askModel, askOrder, askSerial, handleExit, handleModel, handleOrder, handleSerial, sayExitChoices, sayLockedOut } from './verify-steps.js';

/**
 * The `warranty` dialog: serial → verification → missing dates → status → fault questions →
 * result with its clauses → warranty claim. Steps live in the files next to this one.
 * Begun from the menu (`menu:warranty`) or by the FAQ (`ctx.begin('warranty', { topic })`).
 */
async function handleStatusChoice(ctx: TurnContext): Promise<void> {
  // "Is something wrong with the lock?" / "Shall I open a claim?" answered in words.
  const said = yesNoOf(ctx);
  if (said === 'no') {
    await ctx.end();
    return;
  }
  const value = said === 'yes' ? (dataOf(ctx).undecided ? VALUES.claim : VALUES.fault) : ctx.input.value;
  switch (value) {
    case VALUES.fault:
      await startFault(ctx);
      return;
    case VALUES.claim:
      await openClaim(ctx);
      return;
    case VALUES.menu:
      await ctx.end();
      return;
  }
  await notUnderstood(ctx, () => sayStatusPrompt(ctx));
}

function sayClaimOffer(ctx: TurnContext): void {
  ctx.sayKey('warranty.offerClaim', undefined, [choice(ctx, 'claim', VALUES.claim), choice(ctx, 'noThanks', VALUES.noThanks)]);
}

async function handleClaimChoice(ctx: TurnContext): Promise<void> {
  const said = yesNoOf(ctx);
  if (ctx.input.value === VALUES.claim || said === 'yes') {
    await openClaim(ctx);
    return;
  }
  if (ctx.input.value === VALUES.noThanks || ctx.input.value === VALUES.menu || said === 'no') {
    await ctx.end();
    return;
  }
  await notUnderstood(ctx, () => sayClaimOffer(ctx));
}

/** Run the current step with the user's answer. */
async function continueStep(ctx: TurnContext): Promise<void> {
  switch (ctx.frame?.step) {
    case 'serial':
      return handleSerial(ctx);
    case 'model':
      return handleModel(ctx);
    case 'order':
      return handleOrder(ctx);
    case 'locked':
    case 'no-order':
      return handleExit(ctx);
    case 'date':
      return handleDate(ctx);
    case 'verified':
      return continueAfterVerification(ctx);
    case 'status':
      return handleStatusChoice(ctx);
    case 'question':
      return handleAnswer(ctx);
    case 'claim':
      return handleClaimChoice(ctx);
    default:
      askSerial(ctx);
  }
}

/** Ask the current step's question again (after a language change). */
async function repeatStep(ctx: TurnContext): Promise<void> {
  switch (ctx.frame?.step) {
    case 'model':
      return askModel(ctx);
    case 'order':
      return askOrder(ctx, 'warranty.askOrder');
    case 'locked':
    case 'no-order':
      return sayExitChoices(ctx);
    case 'date':
      return repeatDateQuestion(ctx);
    case 'verified':
      return continueAfterVerification(ctx);
    case 'status':
      return showStatus(ctx);
    case 'question':
      return repeatQuestion(ctx);
    case 'claim':
      return sayClaimOffer(ctx);
    default:
      askSerial(ctx);
  }
}

export const warrantyDialog: Dialog = {
  id: 'warranty',

  async begin(ctx, args) {
    const topic = typeof args.topic === 'string' ? args.topic : undefined;
    saveData(ctx, 'serial', topic ? { topic } : {});
    if (await warrantyOf(ctx).isLocked(ctx.state.key)) {
      sayLockedOut(ctx);
      return;
    }
    askSerial(ctx);
  },

  async continue(ctx) {
    // An answer the dialog understood ends a run of misunderstandings.
    const misunderstood = ctx.state.misunderstood;
    await continueStep(ctx);
    if (ctx.state.misunderstood === misunderstood) ctx.state.misunderstood = 0;
  },

  /**
   * A child dialog ended. The language dialog (begun by the "language" command at any step)
   * ends with `{ languageChanged: true }`: ask the current step's question again in the new
   * language, keeping everything collected so far. Any other child: end, as before.
   */
  async resume(ctx, result) {
    if (isLanguageChange(result)) {
      await repeatStep(ctx);
      return;
    }
    await ctx.end(result);
  },

  async back(ctx) {
    const step = ctx.frame?.step;
    if (step === 'question' && (await previousQuestion(ctx))) return;
    if (step === 'question' || step === 'claim') {
      await showStatus(ctx);
      return;
    }
    if (step === 'model' || step === 'order') {
      askSerial(ctx);
      return;
    }
    await ctx.end();
  },
};

