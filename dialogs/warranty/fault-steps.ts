import type { TurnContext } from '../../src/core/dialog.js';
import type { JsonObject } from '../../src/core/types.js';
import { remedyAppliesTo, type Clause, type FaultQuestion, type Policy, type RegistryRecord, type WarrantyResult } from '../../src/warranty/warranty-service.js';
import { choice, dataOf, leaveAfterHandoff, localized, lockName, notUnderstood, saveData, typedAnswerOf, VALUES, verifiedRecord, warrantyOf } from './shared.js';
import { clauseLine, reasonClauses, resultFacts, sayRecordGone, undecidedRemedies, whereLines } from './status-steps.js';

/**
 * A reported fault: the policy's own questions (was it repaired by someone not authorised?
 * water, lightning, magnetic field? door damaged or lock out of position? which part?), each
 * answer mapped to the policy's cause or component ids, then the result with its clauses.
 */

function askQuestion(ctx: TurnContext, question: FaultQuestion, prefix?: string): void {
  const choices = question.answers.map((answer) => ({ title: ctx.t(`warranty.answers.${question.id}.${answer.id}`), value: `${VALUES.answerPrefix}${answer.id}` }));
  const text = ctx.t(`warranty.questions.${question.id}`);
  ctx.say(prefix ? `${prefix}\n${text}` : text, choices);
}

/**
 * The answer picked (button or typed option), or a typed yes / no / "none" where the question
 * has an obvious one: "no" answers a yes-no question and "none of these" / "neither" ones;
 * "none" or "nothing" only the latter (never a "no" that voids the warranty).
 */
function answerOf(ctx: TurnContext, question: FaultQuestion): FaultQuestion['answers'][number] | undefined {
  const value = ctx.input.value ?? '';
  const picked = question.answers.find((item) => value === `${VALUES.answerPrefix}${item.id}`);
  if (picked) return picked;
  const said = typedAnswerOf(ctx);
  if (said === 'yes') return question.answers.find((item) => item.id === 'yes');
  if (said === 'no') return question.answers.find((item) => ['no', 'none', 'neither'].includes(item.id));
  if (said === 'none') return question.answers.find((item) => ['none', 'neither'].includes(item.id));
  return undefined;
}

export async function startFault(ctx: TurnContext): Promise<void> {
  const found = await verifiedRecord(ctx);
  if (!found) {
    sayRecordGone(ctx);
    return;
  }
  const first = found.policy.faultQuestions[0]!;
  saveData(ctx, 'question', { ...dataOf(ctx), question: 0, answers: {} });
  askQuestion(ctx, first, ctx.t('warranty.faultIntro'));
}

export async function handleAnswer(ctx: TurnContext): Promise<void> {
  const found = await verifiedRecord(ctx);
  if (!found) {
    sayRecordGone(ctx);
    return;
  }
  const data = dataOf(ctx);
  const index = data.question ?? 0;
  const question = found.policy.faultQuestions[index];
  if (!question) {
    await showFaultResult(ctx);
    return;
  }
  const answer = answerOf(ctx, question);
  if (!answer) {
    await notUnderstood(ctx, () => askQuestion(ctx, question, ctx.t('warranty.pickAnswer')));
    return;
  }
  const answers = { ...(data.answers ?? {}), [question.id]: answer.id };
  const next = found.policy.faultQuestions[index + 1];
  saveData(ctx, 'question', { ...data, question: index + 1, answers });
  if (next) {
    askQuestion(ctx, next);
    return;
  }
  await showFaultResult(ctx);
}

/** Ask the current question again (after a language change). */
export async function repeatQuestion(ctx: TurnContext): Promise<void> {
  const found = await verifiedRecord(ctx);
  if (!found) {
    sayRecordGone(ctx);
    return;
  }
  const question = found.policy.faultQuestions[dataOf(ctx).question ?? 0];
  if (question) askQuestion(ctx, question);
  else await showFaultResult(ctx);
}

/** Step back to the previous question ("back"). */
export async function previousQuestion(ctx: TurnContext): Promise<boolean> {
  const found = await verifiedRecord(ctx);
  const data = dataOf(ctx);
  const index = (data.question ?? 0) - 1;
  const question = found?.policy.faultQuestions[index];
  if (!found || index < 0 || !question) return false;
  const answers = { ...(data.answers ?? {}) };
  delete answers[question.id];
  saveData(ctx, 'question', { ...data, question: index, answers });
  askQuestion(ctx, question);
  return true;
}

function faultQuery(policy: Policy, answers: Record<string, string>): { causes: string[]; component?: string; needsInspection: boolean } {
  const causes: string[] = [];
  let component: string | undefined;
  let needsInspection = false;
  for (const question of policy.faultQuestions) {
    const answer = question.answers.find((item) => item.id === answers[question.id]);
    if (answer?.cause) causes.push(answer.cause);
    if (answer?.component) component = answer.component;
    if (answer?.needsInspection) needsInspection = true;
  }
  return { causes, component, needsInspection };
}

/** The clauses a result rests on, for the customer. */
function resultClauses(policy: Policy, result: WarrantyResult, component: string | undefined): Clause[] {
  const free = policy.remedies.map((remedy, index) => ({ remedy, outcome: result.remedies[index]! })).filter(({ remedy }) => remedy.free);
  if (result.status === 'excluded') return reasonClauses(policy, result.reasons);
  if (result.status === 'covered') return free.filter(({ outcome }) => outcome.covered === true).map(({ remedy }) => remedy.clause);
  // Expired: the period that ended last for this part, parts of the lock other remedies are limited to, and the expiry rule.
  const applicable = free.filter(({ remedy }) => remedyAppliesTo(remedy, component) && outcomeEnd(result, remedy.id));
  const lastEnded = applicable.sort((a, b) => (outcomeEnd(result, b.remedy.id)! > outcomeEnd(result, a.remedy.id)! ? 1 : -1))[0];
  const otherParts = free.filter(({ remedy }) => !remedyAppliesTo(remedy, component)).map(({ remedy }) => remedy.clause);
  return [...(lastEnded ? [lastEnded.remedy.clause] : []), ...otherParts, ...(policy.expiry ? [policy.expiry.clause] : [])];
}

function outcomeEnd(result: WarrantyResult, remedyId: string): string | null {
  return result.remedies.find((remedy) => remedy.id === remedyId)?.end ?? null;
}

function resultLines(ctx: TurnContext, policy: Policy, record: RegistryRecord, result: WarrantyResult, query: ReturnType<typeof faultQuery>): string[] {
  const { component } = query;
  const free = policy.remedies.filter((remedy) => remedy.free);
  const unknown = undecidedRemedies(policy, result, component);
  const lines: string[] = [];
  // An answer the policy has no clause for: no verdict on a repair that would otherwise be free.
  if (result.status === 'covered' && query.needsInspection) return [ctx.t('warranty.fault.needsInspection')];
  if (result.status === 'covered') {
    const names = free.filter((remedy) => result.remedies.find((item) => item.id === remedy.id)?.covered === true).map((remedy) => localized(ctx, remedy.name));
    lines.push(ctx.t('warranty.fault.free', { lock: lockName(record), remedies: new Intl.ListFormat(ctx.language === 'en' ? 'en-GB' : ctx.language).format(names) }));
  } else if (unknown.length > 0) {
    lines.push(ctx.t('warranty.fault.needsDate', { field: ctx.t(`warranty.dateField.${unknown[0]!.startsFrom}`) }));
    return lines;
  } else {
    lines.push(ctx.t(result.status === 'excluded' ? 'warranty.fault.paid' : 'warranty.fault.expired', { lock: lockName(record) }));
  }
  lines.push(...resultClauses(policy, result, component).map((clause) => clauseLine(ctx, clause)));
  lines.push(...whereLines(ctx, policy, record, result));
  lines.push(ctx.t('warranty.fault.inspection'));
  return lines;
}

export async function showFaultResult(ctx: TurnContext): Promise<void> {
  const found = await verifiedRecord(ctx);
  if (!found) {
    sayRecordGone(ctx);
    return;
  }
  const { record, policy } = found;
  const data = dataOf(ctx);
  const answers = data.answers ?? {};
  const query = faultQuery(policy, answers);
  const warranty = warrantyOf(ctx);
  const result = warranty.evaluate(record, { asOf: warranty.today(ctx.now), causes: query.causes, component: query.component });
  ctx.state.facts.warranty = resultFacts(ctx, record, result, { answers, causes: query.causes, component: query.component ?? null, needsInspection: query.needsInspection });
  ctx.say(resultLines(ctx, policy, record, result, query).join('\n'));
  ctx.sayKey('warranty.offerClaim', undefined, [choice(ctx, 'claim', VALUES.claim), choice(ctx, 'noThanks', VALUES.noThanks)]);
  saveData(ctx, 'claim', data);
}

/** Open a warranty claim: a person gets the record, the result and the answers. */
export async function openClaim(ctx: TurnContext): Promise<void> {
  const found = await verifiedRecord(ctx);
  if (!found) {
    sayRecordGone(ctx);
    return;
  }
  const { record } = found;
  const facts = (ctx.state.facts.warranty ?? {}) as JsonObject;
  const data = dataOf(ctx);
  const details: JsonObject = {
    serial: record.serial,
    status: facts.status ?? null,
    remedies: facts.remedies ?? [],
    reasons: facts.reasons ?? [],
    answers: data.answers ?? {},
    policy: record.policy,
    asOf: facts.asOf ?? null,
    needsInspection: facts.needsInspection ?? false,
    verifiedBy: data.verifiedBy ?? null,
    datesFromCustomer: data.dates ?? {},
    record: { ...record },
    ...(data.topic ? { topic: data.topic } : {}),
  };
  ctx.sayKey('warranty.claimOpening', { lock: lockName(record) });
  await ctx.escalate({ reason: 'warranty-claim', topic: data.topic ?? 'warranty', details });
  leaveAfterHandoff(ctx);
}
