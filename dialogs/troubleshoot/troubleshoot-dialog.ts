import { isLanguageChange } from '../language/language-dialog.js';
import type { Dialog, TurnContext } from '../../src/core/dialog.js';
import { classifyYesNo, matchStepAnswer } from './answer-match.js';
import { carryGap, currentTopic, dataOf, dropGap, faqOf, saveData, stepOf, VALUES, type TroubleshootData } from './troubleshoot-state.js';
import { answerGrounded, askToPassOn, didHelpChoices, escalate, offerPerson, offerSuggestions, repeatStep, showStep, startTopic, yesNoChoices } from './walk.js';

/**
 * Guided troubleshooting (`troubleshoot`): find the topic for the user's words, give its short
 * answer, then walk its tree one step at a time. Answers can be a button, a number, the option's
 * words, or yes/no in any of the three languages. At an outcome: "Did this solve it?", a
 * technician, the warranty check, or an urgent handoff; anything handed to a person carries the
 * topic and the path taken. Args: `{query?: string, topic?: string}`.
 */

/** Search the FAQ for the user's words and start the best topic, or offer the closest ones. */
async function handleQuery(ctx: TurnContext, data: TroubleshootData, text: string): Promise<void> {
  const faq = faqOf(ctx);
  const found = faq.search(text, { prefer: ctx.language });
  const best = found.results[0] ? faq.topic(found.results[0].topic) : undefined;
  if (best) {
    if (await answerGrounded(ctx, data, found.results.map((hit) => hit.topic), text)) return;
    await startTopic(ctx, data, best, text);
    return;
  }
  await ctx.services.reports?.faqNotConfident({ at: ctx.now, channel: ctx.state.channel, language: ctx.language, text, nearestTopic: found.suggestions[0]?.topic });
  const suggested = await faq.suggestTopic(text, ctx.language);
  const topic = suggested ? faq.topic(suggested) : undefined;
  if (topic) {
    await startTopic(ctx, data, topic, text);
    return;
  }
  if (ctx.misunderstood() >= 2) {
    askToPassOn(ctx, data);
    return;
  }
  const offered = found.clarify ?? found.suggestions.map((hit) => hit.topic);
  const gap = await faq.gaps.record({ text, lang: ctx.language, offered, at: ctx.now });
  if (gap) {
    data.gap = gap;
    carryGap(ctx, gap);
  }
  if (found.clarify) askWhichOf(ctx, data, found.clarify, found.suggestions.map((hit) => hit.topic));
  else offerSuggestions(ctx, data, offered);
}

/** Two close topics: "is it about A or B?" before the three-topic list ("something else"). */
function askWhichOf(ctx: TurnContext, data: TroubleshootData, [first, second]: [string, string], suggestions: string[]): void {
  const faq = faqOf(ctx);
  const titleOf = (id: string) => faq.topic(id)?.content[ctx.language].title ?? id;
  data.phase = 'clarify';
  data.suggestions = suggestions;
  saveData(ctx, data);
  ctx.sayKey('faq.clarify', { first: titleOf(first), second: titleOf(second) }, [
    { title: titleOf(first), value: `${VALUES.topicPrefix}${first}` },
    { title: titleOf(second), value: `${VALUES.topicPrefix}${second}` },
    { title: ctx.t('faq.somethingElse'), value: VALUES.somethingElse },
  ]);
}

async function askAgain(ctx: TurnContext): Promise<void> {
  const data = dataOf(ctx);
  const topic = currentTopic(ctx, data);
  if (topic && data.phase === 'did-help') ctx.sayKey('faq.didHelp', undefined, didHelpChoices(ctx, data));
  else if (topic && data.phase === 'grounded') await startTopic(ctx, data, topic);
  else if (topic && data.step) await showStep(ctx, data, topic, data.step);
  else describe(ctx, data);
}

function describe(ctx: TurnContext, data: TroubleshootData): void {
  data.phase = 'describe';
  saveData(ctx, data);
  ctx.sayKey('faq.describe');
}

/** The user's answer as yes / no, from a button or their words. */
function yesNoOf(ctx: TurnContext): 'yes' | 'no' | undefined {
  if (ctx.input.value === VALUES.yes) return 'yes';
  if (ctx.input.value === VALUES.no) return 'no';
  return ctx.input.kind === 'text' ? classifyYesNo(ctx, ctx.input.text) : undefined;
}

/** Not understood: say so and repeat; the second time in a row, ask whether to pass it to a person. */
async function notUnderstood(ctx: TurnContext, data: TroubleshootData, repeat?: () => void): Promise<void> {
  if (ctx.misunderstood() >= 2) {
    askToPassOn(ctx, data);
    return;
  }
  if (repeat) {
    ctx.sayKey('faq.notUnderstoodStep');
    repeat();
  } else {
    ctx.sayKey('faq.notUnderstoodStep', undefined, ctx.offered);
  }
}

/**
 * Free text that matched no option: if it clearly describes another problem, switch to that
 * topic. Returns true when it did.
 */
async function switchTopicIfDifferent(ctx: TurnContext, data: TroubleshootData, text: string): Promise<boolean> {
  const found = faqOf(ctx).search(text, { prefer: ctx.language });
  const best = found.results[0];
  if (!best || best.topic === data.topic) return false;
  const topic = faqOf(ctx).topic(best.topic);
  if (!topic) return false;
  ctx.sayKey('faq.differentProblem');
  await startTopic(ctx, data, topic, text);
  return true;
}

async function continueStep(ctx: TurnContext, data: TroubleshootData): Promise<void> {
  const topic = currentTopic(ctx, data);
  const step = topic ? stepOf(ctx, topic, data.step) : undefined;
  if (!topic || !step?.choices) {
    describe(ctx, data);
    return;
  }
  const labels = step.choices.map((choice) => choice.label);
  let number: number | undefined;
  const value = ctx.input.value;
  if (value?.startsWith(VALUES.stepPrefix)) number = Number(value.slice(VALUES.stepPrefix.length));
  else if (ctx.input.kind === 'text') number = matchStepAnswer(ctx, labels, ctx.input.text);
  const choice = number !== undefined && Number.isInteger(number) ? step.choices[number - 1] : undefined;
  if (!choice) {
    if (ctx.input.kind === 'text' && (await switchTopicIfDifferent(ctx, data, ctx.input.text))) return;
    await notUnderstood(ctx, data, () => repeatStep(ctx, data));
    return;
  }
  ctx.state.misunderstood = 0;
  data.path.push({ step: data.step!, question: step.text, answer: choice.label, choice: number! });
  await showStep(ctx, data, topic, choice.next);
}

/**
 * The answer to "Shall I pass this to a person?" after two misunderstood messages: yes opens
 * the ticket, no goes back to where the user was, "menu" shows the menu; anything else is read
 * as a new description (or answer) — it never opens a ticket by itself.
 */
async function answerPassOn(ctx: TurnContext, data: TroubleshootData): Promise<void> {
  const { value, kind, text } = ctx.input;
  const answer = value === VALUES.escalate ? 'yes' : value === VALUES.done ? 'no' : yesNoOf(ctx);
  ctx.state.misunderstood = 0;
  data.offerReason = undefined;
  if (value === VALUES.menu) {
    await ctx.restart();
    return;
  }
  if (answer === 'yes') {
    await escalate(ctx, data, { reason: 'misunderstood' });
    return;
  }
  const topic = currentTopic(ctx, data);
  const step = topic ? stepOf(ctx, topic, data.step) : undefined;
  if (answer === 'no') {
    if (topic && step?.choices) {
      data.phase = 'step';
      saveData(ctx, data);
      ctx.sayKey('common.tryAgain');
      repeatStep(ctx, data);
    } else describe(ctx, data);
    return;
  }
  data.phase = topic && step?.choices ? 'step' : 'describe';
  saveData(ctx, data);
  if (data.phase === 'step') await continueStep(ctx, data);
  else if (kind === 'text' && text.trim()) await handleQuery(ctx, data, text);
  else describe(ctx, data);
}

async function finish(ctx: TurnContext, key: string): Promise<void> {
  ctx.sayKey(key);
  await ctx.end();
}

export const troubleshootDialog: Dialog = {
  id: 'troubleshoot',

  async begin(ctx, args) {
    const data: TroubleshootData = { phase: 'describe', path: [] };
    const topic = typeof args.topic === 'string' ? faqOf(ctx).topic(args.topic) : undefined;
    if (topic) await startTopic(ctx, data, topic);
    else if (typeof args.query === 'string' && args.query.trim()) await handleQuery(ctx, data, args.query);
    else describe(ctx, data);
  },

  async continue(ctx) {
    const data = dataOf(ctx);
    const { value, kind, text } = ctx.input;
    if (value === VALUES.human) {
      await escalate(ctx, data, { reason: 'user-request' });
      return;
    }
    const picked = value?.startsWith(VALUES.topicPrefix) ? faqOf(ctx).topic(value.slice(VALUES.topicPrefix.length)) : undefined;
    if (picked) {
      if (data.gap) {
        await faqOf(ctx).gaps.resolve(data.gap, picked.id, 'user');
        dropGap(ctx, data.gap);
      }
      data.gap = undefined;
      await startTopic(ctx, data, picked);
      return;
    }
    switch (data.phase) {
      case 'clarify':
        if (value === VALUES.somethingElse) offerSuggestions(ctx, data, data.suggestions ?? []);
        else if (kind === 'text' && text.trim()) await handleQuery(ctx, data, text);
        else describe(ctx, data);
        return;
      case 'step':
        await continueStep(ctx, data);
        return;
      case 'grounded': {
        // After the model's grounded answer: yes ends here, no walks the topic it came from.
        const answer = yesNoOf(ctx);
        const topic = currentTopic(ctx, data);
        if (answer === 'yes') {
          ctx.state.misunderstood = 0;
          await finish(ctx, 'faq.thanks');
        } else if (answer === 'no' && topic) await startTopic(ctx, data, topic);
        else if (kind === 'text' && text.trim()) await handleQuery(ctx, data, text);
        else describe(ctx, data);
        return;
      }
      case 'pick':
      case 'describe':
        if (kind === 'text' && text.trim()) await handleQuery(ctx, data, text);
        else describe(ctx, data);
        return;
      case 'confirm':
      case 'did-help': {
        if (value === VALUES.warranty && ctx.services.dialogs.has('warranty')) {
          ctx.state.misunderstood = 0;
          await ctx.begin('warranty', { topic: data.topic ?? null });
          return;
        }
        const answer = yesNoOf(ctx);
        if (answer === 'yes') {
          ctx.state.misunderstood = 0;
          data.outcome = data.outcome ?? 'solved';
          saveData(ctx, { ...data });
          ctx.state.facts.troubleshooting = { ...(ctx.state.facts.troubleshooting as object), resolved: true };
          await finish(ctx, 'faq.thanks');
        } else if (answer === 'no') {
          ctx.state.misunderstood = 0;
          offerPerson(ctx, data, 'troubleshooting-unresolved', 'faq.offerPerson');
        } else if (!(kind === 'text' && (await switchTopicIfDifferent(ctx, data, text)))) {
          await notUnderstood(ctx, data, () =>
            data.phase === 'confirm' ? ctx.sayKey('faq.didSolve', undefined, yesNoChoices(ctx)) : ctx.sayKey('faq.didHelp', undefined, didHelpChoices(ctx, data)),
          );
        }
        return;
      }
      case 'offer-person':
      case 'offer-warranty': {
        if (data.offerReason === 'misunderstood') {
          await answerPassOn(ctx, data);
          return;
        }
        const answer = value === VALUES.escalate ? 'yes' : value === VALUES.done ? 'no' : yesNoOf(ctx);
        if (value === VALUES.warranty && ctx.services.dialogs.has('warranty')) {
          ctx.state.misunderstood = 0;
          await ctx.begin('warranty', { topic: data.topic ?? null });
        } else if (answer === 'yes') {
          await escalate(ctx, data, { reason: data.offerReason ?? 'troubleshooting-unresolved' });
        } else if (answer === 'no') {
          ctx.state.misunderstood = 0;
          await finish(ctx, 'faq.okay');
        } else if (!(kind === 'text' && (await switchTopicIfDifferent(ctx, data, text)))) {
          await notUnderstood(ctx, data);
        }
        return;
      }
    }
  },

  /** One step back along the path; before the first answer, back to the menu. */
  async back(ctx) {
    const data = dataOf(ctx);
    const topic = currentTopic(ctx, data);
    const previous = data.path.pop();
    if (!topic || !previous) {
      await ctx.end();
      return;
    }
    ctx.state.misunderstood = 0;
    data.outcome = undefined;
    data.offerReason = undefined;
    await showStep(ctx, data, topic, previous.step);
  },

  /**
   * After a language change, ask the current question again in the new language. Otherwise the
   * warranty check (started from a warranty outcome) ended, and so does the walk.
   */
  async resume(ctx, result) {
    if (isLanguageChange(result)) {
      await askAgain(ctx);
      return;
    }
    await ctx.end(result);
  },
};
