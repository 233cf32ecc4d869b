import type { TurnContext } from '../../src/core/dialog.js';
import { clauseLine, reasonClauses, resultFacts, statusLines, undecidedRemedies, whereLines } from '../warranty/status-steps.js';
import { localized, lockName } from '../warranty/shared.js';
import type { RegistryRecord } from '../../src/warranty/warranty-service.js';

/** Words of a mail that could be a serial or an order number: letters, digits and dashes, six or more, with a digit. */
function numberWords(text: string): string[] {
  const words = text.match(/[\p{L}\p{N}][\p{L}\p{N}/_.-]{4,39}[\p{L}\p{N}]/gu) ?? [];
  return [...new Set(words)].filter((word) => /\d/.test(word));
}

/**
 * A serial in a mail: the registry answer only after verification — the mail also gives the
 * order number on record, or comes from an address on record for that lock (the registry's
 * optional `email` column). A known serial that is not verified, and a warranty question without
 * a known serial, get the same answer; a mismatch counts as a failed attempt, as in the chat.
 * Returns false when the mail is not about a lock's warranty.
 */
export async function answerWarrantyByMail(ctx: TurnContext, text: string, askedAboutWarranty: boolean): Promise<boolean> {
  const warranty = ctx.services.warranty;
  if (!warranty) return false;
  const words = numberWords(text);
  let serial: string | undefined;
  let record: RegistryRecord | null = null;
  for (const word of words) {
    const candidate = warranty.extractSerial(word);
    record = candidate ? await warranty.find(candidate) : null;
    if (record && candidate) {
      serial = candidate;
      break;
    }
  }
  if (!record && !askedAboutWarranty) return false;
  const locked = await warranty.isLocked(ctx.state.key);
  const orders = words.filter((word) => warranty.extractSerial(word) !== serial);
  const byOrder = record !== null && orders.some((word) => warranty.orderNumberMatches(record, word));
  const byAddress = record !== null && warranty.emailMatches(record, ctx.message.user.email);
  const verifiedBy = locked || !record ? undefined : byOrder ? 'order' : byAddress ? 'email' : undefined;
  if (!verifiedBy || !record) {
    if (record && !locked) await warranty.recordFailure(ctx.state.key, ctx.message.platformMessageId);
    ctx.state.facts.warranty = { ...(serial ? { serial } : {}), verified: false };
    ctx.sayKey('email.warrantyNeedsOrder');
    return true;
  }
  const policy = warranty.policyOf(record);
  const result = warranty.evaluate(record, { asOf: warranty.today(ctx.now) });
  ctx.state.facts.warranty = resultFacts(ctx, record, result, { verifiedBy });
  const undecided = undecidedRemedies(policy, result).length > 0;
  const headline = undecided ? 'warranty.status.unknown' : `warranty.status.${result.status}`;
  const lines = [ctx.t(verifiedBy === 'order' ? 'email.warrantyVerified' : 'email.warrantyVerifiedByAddress'), ctx.t(headline, { lock: lockName(record), policy: localized(ctx, policy.name) })];
  if (result.status === 'excluded') lines.push(...reasonClauses(policy, result.reasons).map((clause) => clauseLine(ctx, clause)));
  lines.push(...statusLines(ctx, policy, result));
  lines.push(...(undecided ? [ctx.t('warranty.where.unknown')] : whereLines(ctx, policy, record, result)));
  ctx.say(lines.join('\n'));
  return true;
}
