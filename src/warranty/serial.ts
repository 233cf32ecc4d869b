import { foldDigits } from '../core/normalize.js';

/**
 * Serial numbers. The canonical form — the registry key — is the serial upper-cased with
 * everything but ASCII letters and digits removed: " hl8-2408 00123 " → "HL8240800123".
 * So a serial matches case-insensitively, ignoring surrounding spaces and the spaces, dashes,
 * dots and slashes people type or that label printers put between groups. Two registry
 * serials that differ only in punctuation are the same serial (the importer rejects the second).
 */
export function canonicalSerial(text: string): string {
  return foldDigits(text).toUpperCase().replace(/[^A-Z0-9]/g, '');
}

/** Words a label or a person puts before the serial: "S/N:", "Serial No.", "Nº de serie", "الرقم التسلسلي". */
const LABEL_PREFIX =
  /^(?:(?:my|the|el|mi)\s+)?(?:s\s*\/\s*n|sn|serial(?:\s*(?:no\.?|nr\.?|number|#))?|n[º°o]\.?\s*(?:de\s+)?serie|n[uú]mero\s+de\s+serie|serie|الرقم\s+التسلسلي|رقم\s+التسلسل|الرقم|رقم|السيريال)\s*(?:is|es|هو)?\s*[:#=.\-–]?\s*/iu;

/** Other fields that follow the serial on a pasted label line: "… Model: RF-200", "… Modelo …", "… Date …". */
const FOLLOWING_FIELD = /\s(?:model|modelo|mod\.|p\/n|date|fecha|mfg|الموديل|الطراز|تاريخ)\b.*$|\s(?:الموديل|الطراز|تاريخ).*$/iu;

/**
 * Pull the serial out of what a user typed or pasted: a bare serial ("HL8 2408 00123"), or a
 * label line ("S/N: HL8-2408-00123  Model: RF-200"). Returns the canonical form, or null when
 * what is left is not serial-shaped (4 to 40 letters and digits, with at least one digit).
 */
export function extractSerial(text: string): string | null {
  let rest = foldDigits(text).trim().replace(/^["'«“]|["'»”]$/g, '').trim();
  rest = rest.replace(LABEL_PREFIX, '');
  rest = rest.replace(FOLLOWING_FIELD, '');
  const serial = canonicalSerial(rest);
  if (serial.length < 4 || serial.length > 40 || !/\d/.test(serial)) return null;
  return serial;
}
