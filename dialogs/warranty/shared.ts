import { requireService, ROOT_DIALOG, type TurnContext } from '../../src/core/dialog.js';
import { normalizeText } from '../../src/core/normalize.js';
import { LANGUAGES, type Choice, type JsonObject, type Language } from '../../src/core/types.js';
import { parseIsoDate, toUtcMidnight, type Policy, type RegistryRecord, type WarrantyDesk } from '../../src/warranty/warranty-service.js';

/** The warranty service (E_CONFIG when the warranty feature is not set up). */
export const warrantyOf = (ctx: TurnContext): WarrantyDesk => requireService(ctx.services, 'warranty');

/**
 * Helpers shared by the warranty dialog's steps. The frame keeps only what the dialog needs to
 * continue (the serial the user typed, how they were verified, their answers); the registry
 * record is read again each turn, so no customer data sits in conversation state before the
 * requester is verified.
 */
export const DIALOG_ID = 'warranty';

export const VALUES = {
  whereSerial: 'warranty:where-serial',
  otherSerial: 'warranty:other-serial',
  noOrder: 'warranty:no-order',
  human: 'warranty:human',
  menu: 'warranty:menu',
  fault: 'warranty:fault',
  claim: 'warranty:claim',
  noThanks: 'warranty:no-thanks',
  dateUnknown: 'warranty:date-unknown',
  modelPrefix: 'warranty:model:',
  answerPrefix: 'warranty:answer:',
  passOn: 'warranty:pass-on',
  tryAgain: 'warranty:try-again',
} as const;

export interface WarrantyData {
  topic?: string;
  /** Canonical serial the user gave (not yet known to exist until verified). */
  serial?: string;
  /** `email`: a mail from an address on record (the registry's optional `email` column; e-mail channel only). */
  verifiedBy?: 'phone' | 'order' | 'email';
  /** A phone number was typed where the order number was asked, and the bot explained why it cannot use it. */
  phoneExplained?: boolean;
  /** Dates the customer supplied for fields the registry lacks. */
  dates?: Record<string, string>;
  /** Date fields the customer could not give. */
  skippedDates?: string[];
  pendingDate?: string;
  /** The status could not be decided: a free remedy's start date is missing. */
  undecided?: boolean;
  question?: number;
  answers?: Record<string, string>;
  /** At `pass-on`: the step whose answer was not understood twice. */
  passOnFrom?: WarrantyStep;
}

export function dataOf(ctx: TurnContext): WarrantyData {
  return (ctx.frame?.data ?? {}) as WarrantyData;
}

/** The warranty dialog's steps (its step table is in `warranty-dialog.ts`). */
export type WarrantyStep = 'serial' | 'model' | 'order' | 'locked' | 'no-order' | 'date' | 'verified' | 'status' | 'question' | 'claim' | 'pass-on';

export function saveData(ctx: TurnContext, step: WarrantyStep, data: WarrantyData): void {
  ctx.goto(step, data as unknown as JsonObject);
}

export function choice(ctx: TurnContext, key: string, value: string): Choice {
  return { title: ctx.t(`warranty.choice.${key}`), value };
}

const INTL_LOCALE: Record<Language, string> = { en: 'en-GB', es: 'es', ar: 'ar' };

/** "14 March 2028", "14 de marzo de 2028", "14 مارس 2028". */
export function formatDate(language: Language, iso: string): string {
  const date = parseIsoDate(iso);
  if (!date) return iso;
  return new Intl.DateTimeFormat(INTL_LOCALE[language], { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(toUtcMidnight(date));
}

export function formatNumber(language: Language, value: number): string {
  return new Intl.NumberFormat(INTL_LOCALE[language]).format(value);
}

export function localized(ctx: TurnContext, text: Record<Language, string>): string {
  return text[ctx.language];
}

/** "RF200-2402-00231 (RF-200)". */
export function lockName(record: RegistryRecord): string {
  return record.model ? `${record.serial} (${record.model})` : record.serial;
}

/** The registry record with the dates the customer supplied filled into empty fields. */
export function withCustomerDates(record: RegistryRecord, data: WarrantyData): RegistryRecord {
  const dates = data.dates ?? {};
  return {
    ...record,
    purchaseDate: record.purchaseDate ?? dates.purchase ?? null,
    deliveryDate: record.deliveryDate ?? dates.delivery ?? null,
    installationDate: record.installationDate ?? dates.installation ?? null,
  };
}

/** The verified record for this conversation, with customer dates; null if it vanished from the registry. */
export async function verifiedRecord(ctx: TurnContext): Promise<{ record: RegistryRecord; policy: Policy } | null> {
  const data = dataOf(ctx);
  if (!data.serial || !data.verifiedBy) return null;
  const record = await warrantyOf(ctx).find(data.serial);
  if (!record) return null;
  return { record: withCustomerDates(record, data), policy: warrantyOf(ctx).policyOf(record) };
}

/**
 * Leave after handing the conversation to a person: no "anything else?" menu on top of the
 * handoff notice, and no half-finished parent dialog (the FAQ) picking up the next message.
 * The conversation is back at the main menu.
 */
export function leaveAfterHandoff(ctx: TurnContext): void {
  if (ctx.frame?.id !== DIALOG_ID) return;
  const root = ctx.state.stack.findIndex((frame) => frame.id === ROOT_DIALOG);
  ctx.state.stack.length = root >= 0 ? root + 1 : 0;
}

/**
 * A typed yes, no, or "none of these" ("nope", "sí", "ninguno", "لا", "ولا شي"...), from
 * `warranty.words.yes|no|none` in every language: people answer in the words they have,
 * whatever the conversation's language.
 */
export function typedAnswerOf(ctx: TurnContext): 'yes' | 'no' | 'none' | undefined {
  if (ctx.input.kind !== 'text') return undefined;
  const text = normalizeText(ctx.input.text);
  if (!text) return undefined;
  const kinds = ['no', 'none', 'yes'] as const;
  return kinds.find((kind) =>
    LANGUAGES.some((language) => ctx.services.translator.list(language, `warranty.words.${kind}`).some((word) => normalizeText(word) === text)),
  );
}

/** A typed plain yes or no (not "none of these"). */
export function yesNoOf(ctx: TurnContext): 'yes' | 'no' | undefined {
  const said = typedAnswerOf(ctx);
  return said === 'none' ? undefined : said;
}

/**
 * Not understood: repeat the question; the second time in a row, ask whether to pass this to a
 * person (yes / no / show the menu) — the `pass-on` step, which remembers the step it came from.
 */
export function notUnderstood(ctx: TurnContext, repeat: () => void): void {
  if (ctx.misunderstood() < 2) {
    repeat();
    return;
  }
  const data = dataOf(ctx);
  const from = ctx.frame?.step;
  saveData(ctx, 'pass-on', { ...data, ...(from && from !== 'pass-on' ? { passOnFrom: from as WarrantyStep } : {}) });
  askPassOn(ctx);
}

export function askPassOn(ctx: TurnContext): void {
  ctx.sayKey('common.askPerson', undefined, [
    { title: ctx.t('common.yesPerson'), value: VALUES.passOn },
    { title: ctx.t('common.noTryAgain'), value: VALUES.tryAgain },
    { title: ctx.t('common.showMenu'), value: VALUES.menu },
  ]);
}

/** "Yes, pass it to a person": hand over with what the dialog knows so far. */
export async function passOn(ctx: TurnContext): Promise<void> {
  const data = dataOf(ctx);
  ctx.state.misunderstood = 0;
  await ctx.escalate({
    reason: 'misunderstood',
    topic: data.topic ?? 'warranty',
    details: { serial: data.serial ?? null, verified: Boolean(data.verifiedBy), step: data.passOnFrom ?? null, answers: data.answers ?? {} },
  });
  leaveAfterHandoff(ctx);
}
