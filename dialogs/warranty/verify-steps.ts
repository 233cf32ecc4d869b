import type { TurnContext } from '../../src/core/dialog.js';
import { foldDigits } from '../../src/core/normalize.js';
import { continueAfterVerification } from './date-steps.js';
import { choice, dataOf, leaveAfterHandoff, notUnderstood, saveData, VALUES, warrantyOf } from './shared.js';

/**
 * Serial number and verification. Nothing about a lock or its owner is shown until the
 * requester is verified: the channel's phone equals the record's phone, or they give the
 * order number on record. An unknown serial gets exactly the same answers as a known one
 * with a wrong order number, and counts as a failed attempt.
 */
export function askSerial(ctx: TurnContext, key = 'warranty.askSerial'): void {
  ctx.sayKey(key, undefined, [choice(ctx, 'whereSerial', VALUES.whereSerial)]);
  saveData(ctx, 'serial', { ...dataOf(ctx), serial: undefined, verifiedBy: undefined });
}

function modelIds(ctx: TurnContext): string[] {
  return ctx.services.translator.list(ctx.language, 'warranty.models');
}

export function askModel(ctx: TurnContext): void {
  const choices = modelIds(ctx).map((id) => ({ title: ctx.t(`warranty.model.${id}.name`), value: `${VALUES.modelPrefix}${id}` }));
  ctx.sayKey('warranty.chooseModel', undefined, choices);
  saveData(ctx, 'model', dataOf(ctx));
}

export function sayLockedOut(ctx: TurnContext): void {
  ctx.sayKey('warranty.lockedOut', undefined, [choice(ctx, 'human', VALUES.human), choice(ctx, 'menu', VALUES.menu)]);
  saveData(ctx, 'locked', dataOf(ctx));
}

async function isLocked(ctx: TurnContext): Promise<boolean> {
  return warrantyOf(ctx).isLocked(ctx.state.key);
}

export async function handleSerial(ctx: TurnContext): Promise<void> {
  if (ctx.input.value === VALUES.whereSerial) {
    askModel(ctx);
    return;
  }
  if (await isLocked(ctx)) {
    sayLockedOut(ctx);
    return;
  }
  const serial = warrantyOf(ctx).extractSerial(ctx.input.text);
  if (!serial) {
    await notUnderstood(ctx, () => askSerial(ctx, 'warranty.invalidSerial'));
    return;
  }
  const data = { ...dataOf(ctx), serial, verifiedBy: undefined, dates: undefined, skippedDates: undefined, answers: undefined };
  const record = await warrantyOf(ctx).find(serial);
  if (record && warrantyOf(ctx).phoneMatches(record, ctx.message.user.phone ?? ctx.state.user.phone)) {
    saveData(ctx, 'verified', { ...data, verifiedBy: 'phone' });
    ctx.sayKey('warranty.verifiedPhone');
    await continueAfterVerification(ctx);
    return;
  }
  saveData(ctx, 'order', data);
  askOrder(ctx, 'warranty.askOrder');
}

export function askOrder(ctx: TurnContext, key: string, options?: Record<string, unknown>): void {
  ctx.sayKey(key, options, [choice(ctx, 'otherSerial', VALUES.otherSerial), choice(ctx, 'noOrder', VALUES.noOrder)]);
}

export async function handleModel(ctx: TurnContext): Promise<void> {
  const value = ctx.input.value ?? '';
  const id = value.startsWith(VALUES.modelPrefix) ? value.slice(VALUES.modelPrefix.length) : undefined;
  if (!id || !modelIds(ctx).includes(id)) {
    // They may have found it already and typed the serial.
    if (warrantyOf(ctx).extractSerial(ctx.input.text)) {
      await handleSerial(ctx);
      return;
    }
    await notUnderstood(ctx, () => askModel(ctx));
    return;
  }
  ctx.sayKey(`warranty.model.${id}.hint`);
  askSerial(ctx, 'warranty.sendSerialNow');
}

export async function handleOrder(ctx: TurnContext): Promise<void> {
  const data = dataOf(ctx);
  if (ctx.input.value === VALUES.otherSerial) {
    askSerial(ctx);
    return;
  }
  if (ctx.input.value === VALUES.noOrder) {
    ctx.sayKey('warranty.noOrder', undefined, [choice(ctx, 'human', VALUES.human), choice(ctx, 'menu', VALUES.menu)]);
    saveData(ctx, 'no-order', data);
    return;
  }
  if (await isLocked(ctx)) {
    sayLockedOut(ctx);
    return;
  }
  const given = ctx.input.text.trim();
  if (!given || !data.serial) {
    askOrder(ctx, 'warranty.askOrder');
    return;
  }
  const record = await warrantyOf(ctx).find(data.serial);
  if (record && warrantyOf(ctx).orderNumberMatches(record, given)) {
    saveData(ctx, 'verified', { ...data, verifiedBy: 'order' });
    ctx.sayKey('warranty.verifiedOrder');
    await continueAfterVerification(ctx);
    return;
  }
  if (!data.phoneExplained && looksLikePhoneNumber(given)) {
    // Not a wrong order number: the user offered a phone. Say once what a phone can and cannot
    // confirm, without counting a failure — the answer is the same whoever owns the number.
    saveData(ctx, 'order', { ...data, phoneExplained: true });
    askOrder(ctx, 'warranty.phoneNotOrder');
    return;
  }
  const outcome = await warrantyOf(ctx).recordFailure(ctx.state.key, ctx.message.platformMessageId);
  if (outcome.locked) {
    sayLockedOut(ctx);
    return;
  }
  askOrder(ctx, 'warranty.mismatch', { count: outcome.remaining });
}

/** "+34 961 234 567", "(998) 123-4567", "0034961234567": digits with phone punctuation only, 7 to 15 digits. */
export function looksLikePhoneNumber(text: string): boolean {
  const trimmed = foldDigits(text).trim();
  if (!/^\+?[\d\s().\-]+$/.test(trimmed)) return false;
  const digits = trimmed.replace(/\D/g, '').length;
  return digits >= 7 && digits <= 15;
}

/** "Talk to a person" or "main menu" after a lockout or without an order number. */
export async function handleExit(ctx: TurnContext): Promise<void> {
  const data = dataOf(ctx);
  if (ctx.input.value === VALUES.human) {
    await ctx.escalate({ reason: 'user-request', topic: 'warranty', details: { serial: data.serial ?? null, verified: false } });
    leaveAfterHandoff(ctx);
    return;
  }
  if (ctx.input.value === VALUES.menu) {
    await ctx.end();
    return;
  }
  await notUnderstood(ctx, () => sayExitChoices(ctx));
}

/** After a lockout or without an order number: say why again, with "talk to a person" and "main menu". */
export function sayExitChoices(ctx: TurnContext): void {
  const key = ctx.frame?.step === 'locked' ? 'warranty.lockedOut' : 'warranty.noOrder';
  ctx.sayKey(key, undefined, [choice(ctx, 'human', VALUES.human), choice(ctx, 'menu', VALUES.menu)]);
}
