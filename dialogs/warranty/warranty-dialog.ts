import { isLanguageChange } from '../language/language-dialog.js';
import { currentStep, type Dialog, type StepTable, type TurnContext } from '../../src/core/dialog.js';
import { continueAfterVerification, handleDate, repeatDateQuestion } from './date-steps.js';
import { handleAnswer, openClaim, previousQuestion, repeatQuestion, startFault } from './fault-steps.js';
import { askPassOn, choice, dataOf, notUnderstood, passOn, saveData, VALUES, yesNoOf, warrantyOf, type WarrantyStep } from './shared.js';
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

/**
 * "Shall I pass this to a person?" after two misunderstood answers: yes hands over, "show the
 * menu" leaves, no asks the step again; any other message is an answer to that step.
 */
async function handlePassOn(ctx: TurnContext): Promise<void> {
  const data = dataOf(ctx);
  const from = data.passOnFrom && data.passOnFrom !== 'pass-on' ? data.passOnFrom : 'serial';
  const said = yesNoOf(ctx);
  if (ctx.input.value === VALUES.passOn || said === 'yes') {
    await passOn(ctx);
    return;
  }
  if (ctx.input.value === VALUES.menu) {
    await ctx.restart();
    return;
  }
  const { passOnFrom: _from, ...rest } = data;
  saveData(ctx, from, rest);
  ctx.state.misunderstood = 0;
  if (ctx.input.value === VALUES.tryAgain || said === 'no') {
    ctx.sayKey('common.tryAgain');
    await STEPS[from].ask(ctx);
    return;
  }
  await STEPS[from].handle(ctx);
}

/** Every step: what it asks, what it does with the answer, where "back" goes (default: leave). */
const STEPS: StepTable<WarrantyStep> = {
  serial: { ask: askSerial, handle: handleSerial },
  model: { ask: askModel, handle: handleModel, back: askSerial },
  order: { ask: (ctx) => askOrder(ctx, 'warranty.askOrder'), handle: handleOrder, back: askSerial },
  locked: { ask: sayExitChoices, handle: handleExit },
  'no-order': { ask: sayExitChoices, handle: handleExit },
  date: { ask: repeatDateQuestion, handle: handleDate },
  verified: { ask: continueAfterVerification, handle: continueAfterVerification },
  status: { ask: showStatus, handle: handleStatusChoice },
  question: {
    ask: repeatQuestion,
    handle: handleAnswer,
    back: async (ctx) => {
      if (!(await previousQuestion(ctx))) await showStatus(ctx);
    },
  },
  claim: { ask: sayClaimOffer, handle: handleClaimChoice, back: showStatus },
  'pass-on': { ask: askPassOn, handle: handlePassOn },
};

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
    const step = currentStep(STEPS, ctx);
    if (step) await step.handle(ctx);
    else askSerial(ctx);
    if (ctx.state.misunderstood === misunderstood) ctx.state.misunderstood = 0;
  },

  /**
   * A child dialog ended. The language dialog (begun by the "language" command at any step)
   * ends with `{ languageChanged: true }`: ask the current step's question again in the new
   * language, keeping everything collected so far. Any other child: end, as before.
   */
  async resume(ctx, result) {
    if (isLanguageChange(result)) {
      await (currentStep(STEPS, ctx) ?? STEPS.serial).ask(ctx);
      return;
    }
    await ctx.end(result);
  },

  async back(ctx) {
    const step = currentStep(STEPS, ctx);
    if (step?.back) await step.back(ctx);
    else await ctx.end();
  },
};

