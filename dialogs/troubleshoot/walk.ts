import type { EscalationRequest, TurnContext } from '../../src/core/dialog.js';
import type { Choice } from '../../src/core/types.js';
import type { FaqStep, FaqTopic } from '../../src/faq/faq-service.js';
import { currentTopic, escalationDetails, faqOf, saveData, stepOf, VALUES, type TroubleshootData } from './troubleshoot-state.js';

/** Walking a topic: its short answer, one step at a time, and what happens at each outcome. */

const COMMON_TOPICS = ['card-rejected', 'lock-no-response', 'low-battery-warning'];

export function yesNoChoices(ctx: TurnContext): Choice[] {
  return [
    { title: ctx.t('faq.yes'), value: VALUES.yes },
    { title: ctx.t('faq.no'), value: VALUES.no },
  ];
}

function stepChoices(step: FaqStep): Choice[] {
  return (step.choices ?? []).map((choice, index) => ({ title: choice.label, value: `${VALUES.stepPrefix}${index + 1}` }));
}

/** Topics about the warranty's terms: "Did this help?" also offers the check of the user's own lock. */
const WARRANTY_TERMS_TOPICS = new Set(['warranty-terms']);

/** "Did this help?" choices after a topic without a tree (plus "Check my lock's warranty" after the terms). */
export function didHelpChoices(ctx: TurnContext, data: TroubleshootData): Choice[] {
  const choices = yesNoChoices(ctx);
  if (data.topic && WARRANTY_TERMS_TOPICS.has(data.topic) && ctx.services.dialogs.has('warranty')) {
    choices.push({ title: ctx.t('faq.checkMyWarranty'), value: VALUES.warranty });
  }
  return choices;
}

/**
 * The first step's answer when the user's first message already gave it ("the light goes red"
 * answers "What does the lock do?"): the one choice whose own words — those no other choice of
 * the step has — the message contains, when exactly one choice has any. Only the first step:
 * later steps ask about checks the user has not made yet.
 */
export function answeredInQuery(ctx: TurnContext, step: FaqStep, query: string): number | undefined {
  const choices = step.choices ?? [];
  if (choices.length < 2) return undefined;
  const faq = faqOf(ctx);
  const words = new Set(faq.tokenize(query, ctx.language));
  const tokens = choices.map((choice) => new Set(faq.tokenize(choice.label, ctx.language)));
  const own = tokens.map((set, index) => [...set].filter((token) => tokens.every((other, at) => at === index || !other.has(token))));
  const hits = own.map((list) => list.filter((token) => words.has(token)).length);
  const matching = hits.flatMap((count, index) => (count > 0 ? [index] : []));
  return matching.length === 1 ? matching[0]! + 1 : undefined;
}

/**
 * FAQ_ANSWERS=llm: a question the search matched, when the matched topic's first step is not
 * already answered by it, may get the model's short answer written only from the matched topics
 * (checked by the FAQ service), ending "From: <topic>". Returns false when there is none: the
 * caller walks the topic as usual.
 */
export async function answerGrounded(ctx: TurnContext, data: TroubleshootData, topicIds: string[], query: string): Promise<boolean> {
  const faq = faqOf(ctx);
  const best = faq.topic(topicIds[0] ?? '');
  const content = best?.content[ctx.language];
  const first = content?.tree?.steps[content.tree.start];
  if (!best || (first && answeredInQuery(ctx, first, query) !== undefined)) return false;
  const answer = await faq.groundedAnswer(query, ctx.language, topicIds.slice(0, 2));
  const topic = answer ? faq.topic(answer.topic) : undefined;
  if (!answer || !topic) return false;
  ctx.state.misunderstood = 0;
  Object.assign(data, { topic: topic.id, path: [], step: undefined, outcome: undefined, offerReason: undefined, phase: 'grounded' });
  saveData(ctx, data);
  ctx.state.facts.faqAnswer = { topic: topic.id, model: answer.model };
  ctx.sayKey('faq.grounded', { answer: answer.text, title: topic.content[ctx.language].title });
  ctx.sayKey('faq.groundedDidAnswer', undefined, [
    { title: ctx.t('faq.yes'), value: VALUES.yes },
    { title: ctx.t('faq.showSteps'), value: VALUES.no },
  ]);
  return true;
}

/** Start a topic: short answer, then its first step (or "Did this help?" when it has no tree). */
export async function startTopic(ctx: TurnContext, data: TroubleshootData, topic: FaqTopic, query?: string): Promise<void> {
  ctx.state.misunderstood = 0;
  const content = topic.content[ctx.language];
  Object.assign(data, { topic: topic.id, path: [], step: undefined, outcome: undefined, offerReason: undefined });
  const notices = topic.notices?.length ? ((await ctx.services.topicNotices?.lines(topic.notices, ctx.language)) ?? []) : [];
  ctx.sayKey('faq.topicAnswer', { title: content.title, answer: [content.answer, ...notices].join('\n') });
  if (!content.tree) {
    data.phase = 'did-help';
    saveData(ctx, data);
    ctx.sayKey('faq.didHelp', undefined, didHelpChoices(ctx, data));
    return;
  }
  const first = content.tree.steps[content.tree.start];
  const answered = first && query ? answeredInQuery(ctx, first, query) : undefined;
  const choice = answered !== undefined ? first?.choices?.[answered - 1] : undefined;
  if (first && choice && answered !== undefined) {
    // Skip the question the first message already answered, and say so.
    data.path.push({ step: content.tree.start, question: first.text, answer: choice.label, choice: answered });
    ctx.sayKey('faq.alreadyAnswered', { answer: choice.label });
    await showStep(ctx, data, topic, choice.next);
    return;
  }
  await showStep(ctx, data, topic, content.tree.start);
}

/** Show a step: the staff-only warning first when it applies, then its question and choices or its outcome. */
export async function showStep(ctx: TurnContext, data: TroubleshootData, topic: FaqTopic, stepId: string): Promise<void> {
  const step = stepOf(ctx, topic, stepId);
  if (!step) {
    // Lint prevents this; if content changed under a running conversation, start the topic again.
    await startTopic(ctx, data, topic);
    return;
  }
  data.step = stepId;
  if (step.staffOnly) ctx.sayKey('faq.staffOnly');
  if (step.choices) {
    data.phase = 'step';
    saveData(ctx, data);
    ctx.say(step.text, stepChoices(step));
    return;
  }
  await presentOutcome(ctx, data, step);
}

/** Re-show where the user is (after "not understood" or "help"). */
export function repeatStep(ctx: TurnContext, data: TroubleshootData): void {
  const topic = currentTopic(ctx, data);
  const step = topic ? stepOf(ctx, topic, data.step) : undefined;
  if (step?.choices) ctx.say(step.text, stepChoices(step));
}

async function presentOutcome(ctx: TurnContext, data: TroubleshootData, step: FaqStep): Promise<void> {
  data.outcome = step.outcome;
  ctx.say(step.text);
  switch (step.outcome) {
    case 'solved':
      data.phase = 'confirm';
      saveData(ctx, data);
      ctx.sayKey('faq.didSolve', undefined, yesNoChoices(ctx));
      return;
    case 'technician':
      offerPerson(ctx, data, 'technician-needed', 'faq.offerTechnician');
      return;
    case 'warranty':
      if (ctx.services.dialogs.has('warranty')) {
        data.phase = 'offer-warranty';
        data.offerReason = 'warranty-claim';
        saveData(ctx, data);
        ctx.sayKey('faq.offerWarranty', undefined, [
          { title: ctx.t('faq.checkWarranty'), value: VALUES.warranty },
          { title: ctx.t('faq.talkToPerson'), value: VALUES.escalate },
        ]);
      } else {
        offerPerson(ctx, data, 'warranty-claim', 'faq.offerPerson');
      }
      return;
    case 'urgent':
      saveData(ctx, data);
      await escalate(ctx, data, { reason: 'urgent', priority: 'urgent' });
      return;
    default:
      saveData(ctx, data);
      ctx.sayKey('faq.didSolve', undefined, yesNoChoices(ctx));
  }
}

export function offerPerson(
  ctx: TurnContext,
  data: TroubleshootData,
  reason: NonNullable<TroubleshootData['offerReason']>,
  key: string,
  choices: Choice[] = [
    { title: ctx.t('faq.connectMe'), value: VALUES.escalate },
    { title: ctx.t('faq.noThanks'), value: VALUES.done },
  ],
): void {
  data.phase = 'offer-person';
  data.offerReason = reason;
  saveData(ctx, data);
  ctx.sayKey(key, undefined, choices);
}

/**
 * Two messages in a row the bot did not understand: ask before opening a ticket — pass this to a
 * person, try again, or show the menu.
 */
export function askToPassOn(ctx: TurnContext, data: TroubleshootData): void {
  offerPerson(ctx, data, 'misunderstood', 'common.askPerson', [
    { title: ctx.t('common.yesPerson'), value: VALUES.escalate },
    { title: ctx.t('common.noTryAgain'), value: VALUES.done },
    { title: ctx.t('common.showMenu'), value: VALUES.menu },
  ]);
}

/**
 * Hand the conversation to a person with everything collected so far. The walk is over: the
 * dialog leaves the stack quietly (the handoff service has already told the user what happens next).
 */
export async function escalate(ctx: TurnContext, data: TroubleshootData, request: Omit<EscalationRequest, 'topic' | 'details'>): Promise<void> {
  const details = escalationDetails(ctx, data);
  const frame = ctx.frame;
  await ctx.escalate({ ...request, ...(data.topic ? { topic: data.topic } : {}), details });
  if (ctx.frame === frame && frame?.id === 'troubleshoot') ctx.state.stack.pop();
}

/** The three closest topics and "talk to a person", when the search is not confident. */
export function offerSuggestions(ctx: TurnContext, data: TroubleshootData, suggestions: string[]): void {
  const faq = faqOf(ctx);
  const ids = (suggestions.length > 0 ? suggestions : COMMON_TOPICS).filter((id) => faq.topic(id)).slice(0, 3);
  const choices: Choice[] = ids.map((id) => ({ title: faq.topic(id)!.content[ctx.language].title, value: `${VALUES.topicPrefix}${id}` }));
  choices.push({ title: ctx.t('faq.talkToPerson'), value: VALUES.human });
  data.phase = 'pick';
  saveData(ctx, data);
  ctx.sayKey('faq.notSure', undefined, choices);
}
