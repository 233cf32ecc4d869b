/**
 * The new part of an e-mail: what the customer wrote above the quoted history and the signature.
 * A small line-based reply parser (the npm `email-reply-parser` needs Node 22): the text is cut at
 * the first quote header ("On … wrote:", "El … escribió:", "في … كتب:", "-----Original Message-----",
 * an Outlook "From:/De:/من:" block), at the signature separator "-- " and at "Sent from my …" lines;
 * lines quoted with ">" are dropped.
 */
const QUOTE_HEADERS: RegExp[] = [
  /^on\b.{0,200}\bwrote:?\s*$/i,
  /^el\b.{0,200}\bescribi[oó]:?\s*$/i,
  /^في\s.{0,200}كتب.{0,200}:\s*$/,
  /^-{2,}\s*(original message|mensaje original|الرسالة الأصلية)\s*-{2,}\s*$/i,
  /^_{5,}\s*$/,
  /^(from|de|من):\s.*(@|<).*$/i,
];
const SIGNATURE_LINES: RegExp[] = [/^--\s?$/, /^(sent from my|enviado desde mi|أرسلت من|مرسل من)\b/i];

export function stripQuotedReply(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const kept: string[] = [];
  for (const line of lines) {
    const trimmed = line.trim();
    if (QUOTE_HEADERS.some((pattern) => pattern.test(trimmed)) && kept.some((earlier) => earlier.trim())) break;
    if (SIGNATURE_LINES.some((pattern) => pattern.test(trimmed))) break;
    if (trimmed.startsWith('>')) continue;
    kept.push(line.replace(/\s+$/, ''));
  }
  return kept.join('\n').replace(/\n{3,}/g, '\n\n').trim();
}

/** A subject without "Re:", "RE:", "Fwd:", "RV:", "رد:" prefixes and without our "[LC-000042]" tag. */
export function baseSubject(subject: string | undefined): string {
  let rest = (subject ?? '').trim();
  for (;;) {
    const next = rest.replace(/^((re|fw|fwd|rv|aw|sv|رد|إعادة توجيه)\s*(\[\d+\])?\s*:\s*)/i, '').replace(/\[LC-\d{6,}\]\s*/i, '').trim();
    if (next === rest) return rest;
    rest = next;
  }
}

/** The ticket id in a subject ("Re: [LC-000042] …"), if any. */
export function ticketIdInSubject(subject: string | undefined): string | undefined {
  return /\[(LC-\d{6,})\]/i.exec(subject ?? '')?.[1]?.toUpperCase();
}
