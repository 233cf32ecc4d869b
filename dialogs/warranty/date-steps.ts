import type { TurnContext } from '../../src/core/dialog.js';
import { foldDigits } from '../../src/core/normalize.js';
import { compareDates, formatIsoDate, makeDate, START_FIELD, type CalendarDate } from '../../src/warranty/warranty-service.js';
import { choice, dataOf, lockName, notUnderstood, saveData, VALUES, verifiedRecord, type WarrantyData, warrantyOf } from './shared.js';
import { showStatus, sayRecordGone } from './status-steps.js';

/**
 * When the registry lacks the date a remedy runs from, ask the customer for it instead of
 * guessing. Their answer is used for this conversation only and is marked as theirs in the
 * result handed to agents.
 */

/** Day/month/year as people write it (14/03/2025, 14-3-2025, 14.03.2025) or ISO 2025-03-14. */
export function parseUserDate(text: string): CalendarDate | null {
  const cleaned = foldDigits(text).trim();
  const iso = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(cleaned);
  if (iso) return makeDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const dmy = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(cleaned);
  if (dmy) return makeDate(Number(dmy[3]), Number(dmy[2]), Number(dmy[1]));
  return null;
}

async function missingFields(ctx: TurnContext, data: WarrantyData): Promise<string[]> {
  const found = await verifiedRecord(ctx);
  if (!found) return [];
  const fields = new Set<string>();
  for (const remedy of found.policy.remedies) {
    if (!remedy.free || !remedy.startsFrom) continue;
    const field = remedy.startsFrom;
    if (found.record[START_FIELD[field]] === null && !data.skippedDates?.includes(field)) fields.add(field);
  }
  return [...fields];
}

function askDate(ctx: TurnContext, key: string, field: string, serial: string): void {
  ctx.sayKey(key, { lock: serial, field: ctx.t(`warranty.dateField.${field}`) }, [choice(ctx, 'dateUnknown', VALUES.dateUnknown)]);
}

/** After verification: ask for missing dates one by one, then show the status. */
export async function continueAfterVerification(ctx: TurnContext): Promise<void> {
  const found = await verifiedRecord(ctx);
  if (!found) {
    sayRecordGone(ctx);
    return;
  }
  const data = dataOf(ctx);
  const [field] = await missingFields(ctx, data);
  if (field) {
    saveData(ctx, 'date', { ...data, pendingDate: field });
    askDate(ctx, `warranty.askDate.${field}`, field, lockName(found.record));
    return;
  }
  await showStatus(ctx);
}

/** Ask the pending date again (after a language change). */
export async function repeatDateQuestion(ctx: TurnContext): Promise<void> {
  const field = dataOf(ctx).pendingDate;
  const found = await verifiedRecord(ctx);
  if (!field || !found) {
    await continueAfterVerification(ctx);
    return;
  }
  askDate(ctx, `warranty.askDate.${field}`, field, lockName(found.record));
}

export async function handleDate(ctx: TurnContext): Promise<void> {
  const data = dataOf(ctx);
  const field = data.pendingDate;
  const found = await verifiedRecord(ctx);
  if (!field || !found) {
    await continueAfterVerification(ctx);
    return;
  }
  if (ctx.input.value === VALUES.dateUnknown) {
    saveData(ctx, 'verified', { ...data, pendingDate: undefined, skippedDates: [...(data.skippedDates ?? []), field] });
    await continueAfterVerification(ctx);
    return;
  }
  const date = parseUserDate(ctx.input.text);
  if (!date) {
    await notUnderstood(ctx, () => askDate(ctx, 'warranty.badDate', field, lockName(found.record)));
    return;
  }
  if (compareDates(date, warrantyOf(ctx).today(ctx.now)) > 0) {
    askDate(ctx, 'warranty.futureDate', field, lockName(found.record));
    return;
  }
  saveData(ctx, 'verified', { ...data, pendingDate: undefined, dates: { ...(data.dates ?? {}), [field]: formatIsoDate(date) } });
  await continueAfterVerification(ctx);
}
