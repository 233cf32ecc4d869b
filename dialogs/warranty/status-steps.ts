import type { TurnContext } from '../../src/core/dialog.js';
import type { JsonObject } from '../../src/core/types.js';
import { reasonClauses, remedyAppliesTo, type Clause, type Policy, type RegistryRecord, type Remedy, type RemedyResult, type WarrantyResult } from '../../src/warranty/warranty-service.js';
import { choice, dataOf, formatDate, formatNumber, localized, lockName, saveData, VALUES, verifiedRecord, warrantyOf } from './shared.js';

/** The warranty status in plain words: what applies, until when, and where to go. */

export function sayRecordGone(ctx: TurnContext): void {
  ctx.sayKey('warranty.recordGone', undefined, [choice(ctx, 'human', VALUES.human), choice(ctx, 'menu', VALUES.menu)]);
  saveData(ctx, 'locked', dataOf(ctx));
}

export function clauseLine(ctx: TurnContext, clause: Clause): string {
  return ctx.t('warranty.clause', { clause: localized(ctx, clause) });
}

export { reasonClauses };

function componentNames(ctx: TurnContext, remedy: Pick<Remedy, 'components'>): string {
  const names = (remedy.components ?? []).map((id) => ctx.t(`warranty.components.${id}`));
  return new Intl.ListFormat(ctx.language === 'en' ? 'en-GB' : ctx.language, { type: 'conjunction' }).format(names);
}

export function remedyLine(ctx: TurnContext, remedy: Remedy, result: RemedyResult, outcome: Pick<WarrantyResult, 'status' | 'asOf'>, component?: string): string {
  const name = localized(ctx, remedy.name);
  const date = (iso: string | null) => (iso ? formatDate(ctx.language, iso) : '');
  if (!remedy.free) return ctx.t('warranty.remedy.lifetime', { remedy: name });
  if (result.covered === true) {
    if (result.daysLeft === 0) return ctx.t('warranty.remedy.lastDay', { remedy: name, date: date(result.end) });
    return ctx.t('warranty.remedy.until', { remedy: name, date: date(result.end), count: result.daysLeft ?? 0, days: formatNumber(ctx.language, result.daysLeft ?? 0) });
  }
  if (result.covered === null) return ctx.t('warranty.remedy.unknown', { remedy: name, field: ctx.t(`warranty.dateField.${remedy.startsFrom}`) });
  if (outcome.status === 'excluded') return ctx.t('warranty.remedy.excluded', { remedy: name });
  if (!remedyAppliesTo(remedy, component)) return ctx.t('warranty.remedy.otherParts', { remedy: name, parts: componentNames(ctx, remedy) });
  if (result.start && result.start > outcome.asOf) return ctx.t('warranty.remedy.notStarted', { remedy: name, date: date(result.start) });
  return ctx.t('warranty.remedy.ended', { remedy: name, date: date(result.end) });
}

/**
 * Free remedies whose outcome is unknown (the record lacks their start date) for the component,
 * when no free remedy is covered. The engine calls that `expired`, but the period may still be
 * running: the customer must hear "can't tell yet", never "ended" or "charged".
 */
export function undecidedRemedies(policy: Policy, result: WarrantyResult, component?: string): Remedy[] {
  if (result.status !== 'expired') return [];
  return policy.remedies.filter((remedy, index) => remedy.free && remedyAppliesTo(remedy, component) && result.remedies[index]?.covered === null);
}

/** The question after the status, with its choices. */
export function sayStatusPrompt(ctx: TurnContext): void {
  if (dataOf(ctx).undecided) {
    ctx.sayKey('warranty.unknownPrompt', undefined, [choice(ctx, 'claim', VALUES.claim), choice(ctx, 'fault', VALUES.fault), choice(ctx, 'menu', VALUES.menu)]);
    return;
  }
  ctx.sayKey('warranty.nextPrompt', undefined, [choice(ctx, 'fault', VALUES.fault), choice(ctx, 'claim', VALUES.claim), choice(ctx, 'menu', VALUES.menu)]);
}

/** Where to go: the original seller, the manufacturer, or paid service. */
export function whereLines(ctx: TurnContext, policy: Policy, record: RegistryRecord, result: WarrantyResult): string[] {
  const covered = policy.remedies.filter((remedy, index) => remedy.free && result.remedies[index]?.covered === true);
  const lines: string[] = [];
  if (covered.some((remedy) => remedy.provider === 'seller')) {
    lines.push(ctx.t('warranty.where.seller', { seller: record.seller ?? ctx.t('warranty.where.unknownSeller') }));
  }
  if (covered.some((remedy) => remedy.provider === 'manufacturer')) lines.push(ctx.t('warranty.where.manufacturer'));
  if (covered.length === 0) {
    lines.push(ctx.t('warranty.where.paid'));
    const parts = policy.remedies.find((remedy) => !remedy.free);
    if (parts) lines.push(clauseLine(ctx, parts.clause));
  }
  return lines;
}

/** The result as plain JSON for `state.facts.warranty` and the escalation details. */
export function resultFacts(ctx: TurnContext, record: RegistryRecord, result: WarrantyResult, extra: JsonObject = {}): JsonObject {
  const data = dataOf(ctx);
  return {
    serial: record.serial,
    model: record.model,
    policy: result.policy,
    status: result.status,
    asOf: result.asOf,
    remedies: result.remedies.map((remedy) => ({ ...remedy })),
    reasons: [...result.reasons],
    verifiedBy: data.verifiedBy ?? null,
    datesFromCustomer: data.dates ?? {},
    ...extra,
  };
}

export function statusLines(ctx: TurnContext, policy: Policy, result: WarrantyResult, component?: string): string[] {
  return policy.remedies.map((remedy, index) => remedyLine(ctx, remedy, result.remedies[index]!, result, component));
}

/**
 * The parts still covered for free when every covered free remedy is limited to some components
 * (after the 12-month global warranty, the extension for core mechanical parts): the headline
 * then says "partly", not "under warranty". Undefined when a covered remedy covers every part.
 */
export function partlyCoveredParts(policy: Policy, result: WarrantyResult): string[] | undefined {
  if (result.status !== 'covered') return undefined;
  const covered = policy.remedies.filter((remedy, index) => remedy.free && result.remedies[index]?.covered === true);
  if (covered.length === 0 || covered.some((remedy) => !remedy.components)) return undefined;
  return [...new Set(covered.flatMap((remedy) => remedy.components ?? []))];
}

function headlineOf(ctx: TurnContext, policy: Policy, record: RegistryRecord, result: WarrantyResult, undecided: boolean): string {
  const vars = { lock: lockName(record), policy: localized(ctx, policy.name) };
  if (undecided) return ctx.t('warranty.status.unknown', vars);
  const parts = partlyCoveredParts(policy, result);
  if (parts) return ctx.t('warranty.status.partlyCovered', { ...vars, parts: componentNames(ctx, { components: parts }) });
  return ctx.t(`warranty.status.${result.status}`, vars);
}

/** After verification and missing dates: the status, the remedies and where to go. */
export async function showStatus(ctx: TurnContext): Promise<void> {
  const found = await verifiedRecord(ctx);
  if (!found) {
    sayRecordGone(ctx);
    return;
  }
  const { record, policy } = found;
  const warranty = warrantyOf(ctx);
  const result = warranty.evaluate(record, { asOf: warranty.today(ctx.now) });
  ctx.state.facts.warranty = resultFacts(ctx, record, result);

  const undecided = undecidedRemedies(policy, result).length > 0;
  const lines = [headlineOf(ctx, policy, record, result, undecided)];
  if (result.status === 'excluded') lines.push(...reasonClauses(policy, result.reasons).map((clause) => clauseLine(ctx, clause)));
  lines.push(...statusLines(ctx, policy, result));
  if (Object.keys(dataOf(ctx).dates ?? {}).length > 0) lines.push(ctx.t('warranty.customerDates'));
  lines.push(...(undecided ? [ctx.t('warranty.where.unknown')] : whereLines(ctx, policy, record, result)));
  ctx.say(lines.join('\n'));
  saveData(ctx, 'status', { ...dataOf(ctx), undecided: undecided || undefined });
  sayStatusPrompt(ctx);
}
