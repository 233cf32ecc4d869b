import { parseCsv } from './csv.js';
import { parseIsoDate } from './calendar-date.js';
import type { PolicySet } from './policy-loader.js';
import { WARRANTY_CARDS, type RegistryRecord, type WarrantyCard } from './registry-record.js';
import { canonicalSerial } from './serial.js';
import { normalizePhone } from './verification.js';

/**
 * Read and check a registry CSV. The header must be exactly `REGISTRY_HEADER`, optionally followed
 * by `email` (`REGISTRY_OPTIONAL_COLUMNS`). Every row is checked; a bad row is reported as
 * `line N: <reason>` and left out of `rows`.
 */
export const REGISTRY_HEADER = [
  'serial', 'model', 'policy', 'customer', 'country', 'phone', 'order_no', 'seller',
  'purchase_date', 'delivery_date', 'installation_date', 'warranty_card',
] as const;
/** Columns a registry may add after `REGISTRY_HEADER`: the owner's e-mail address(es), `;`-separated. */
export const REGISTRY_OPTIONAL_COLUMNS = ['email'] as const;
type RegistryColumn = (typeof REGISTRY_HEADER)[number] | (typeof REGISTRY_OPTIONAL_COLUMNS)[number];

/** One address: local part, @, a domain with a dot; no spaces, commas, quotes or angle brackets. */
const EMAIL_ADDRESS = /^[^\s@,;<>"']+@[^\s@,;<>"']+\.[^\s@,;<>"'.][^\s@,;<>"']*$/;

/** The `email` cell as stored: lower-cased addresses joined by `;`, or the problem with it. */
export function parseRegistryEmails(cell: string): { value: string | null } | { reason: string } {
  const addresses = cell.split(';').map((address) => address.trim()).filter(Boolean);
  if (addresses.length === 0) return { value: null };
  const bad = addresses.find((address) => !EMAIL_ADDRESS.test(address) || address.length > 254);
  if (bad) return { reason: `email "${bad}" is not an e-mail address (several are separated by ";")` };
  return { value: [...new Set(addresses.map((address) => address.toLowerCase()))].join(';') };
}

export interface RegistryRow {
  line: number;
  /** The store key part: `canonicalSerial(serial)`. */
  key: string;
  record: RegistryRecord;
}

export interface BadRow {
  line: number;
  reason: string;
}

export interface RegistryParseResult {
  rows: RegistryRow[];
  bad: BadRow[];
  /** The whole file is unusable (wrong header, empty); nothing can be imported. */
  fatal?: string;
}

const MAX_SERIAL_LENGTH = 64;

function validateRow(fields: string[], columns: readonly RegistryColumn[], policies: PolicySet): { record: RegistryRecord } | { reason: string } {
  if (fields.length !== columns.length) {
    return { reason: `expected ${columns.length} fields, found ${fields.length}` };
  }
  const value = (name: RegistryColumn) => (columns.includes(name) ? fields[columns.indexOf(name)]!.trim() : '');
  const optional = (name: RegistryColumn) => value(name) || null;
  const problems: string[] = [];

  const serial = value('serial');
  if (!serial) problems.push('serial is empty');
  else if (!canonicalSerial(serial)) problems.push(`serial "${serial}" has no letters or digits`);
  else if (serial.length > MAX_SERIAL_LENGTH) problems.push(`serial is longer than ${MAX_SERIAL_LENGTH} characters`);

  const policy = value('policy');
  if (!policy) problems.push('policy is empty');
  else if (!policies.get(policy)) problems.push(`unknown policy "${policy}" (known: ${[...policies.policies.keys()].join(', ')})`);

  for (const name of ['purchase_date', 'delivery_date', 'installation_date'] as const) {
    const date = value(name);
    if (date && !parseIsoDate(date)) problems.push(`${name} "${date}" is not a real date in YYYY-MM-DD form`);
  }

  const card = value('warranty_card').toLowerCase();
  if (card && !(WARRANTY_CARDS as readonly string[]).includes(card)) problems.push(`warranty_card "${value('warranty_card')}" must be valid, invalid or missing`);

  const phone = value('phone');
  if (phone) {
    const digits = normalizePhone(phone);
    if (/[^\d\s+().\-٠-٩]/.test(phone) || digits.length < 6 || digits.length > 15) problems.push(`phone "${phone}" must be 6 to 15 digits with the country code, e.g. +971 50 123 4567`);
  }

  const emails = parseRegistryEmails(value('email'));
  if ('reason' in emails) problems.push(emails.reason);

  if (problems.length > 0) return { reason: problems.join('; ') };
  return {
    record: {
      serial,
      model: optional('model'),
      policy,
      customer: optional('customer'),
      country: optional('country'),
      phone: optional('phone'),
      orderNo: optional('order_no'),
      seller: optional('seller'),
      purchaseDate: optional('purchase_date'),
      deliveryDate: optional('delivery_date'),
      installationDate: optional('installation_date'),
      warrantyCard: (card || null) as WarrantyCard | null,
      ...(columns.includes('email') && 'value' in emails ? { email: emails.value } : {}),
    },
  };
}

export function parseRegistryCsv(text: string, policies: PolicySet): RegistryParseResult {
  const { records, errors } = parseCsv(text);
  const bad: BadRow[] = errors.map((error) => ({ line: error.line, reason: error.reason }));
  const [header, ...body] = records;
  if (!header || header.line !== 1) {
    return { rows: [], bad, fatal: header ? 'line 1: the header row is missing or malformed' : 'the file has no header row' };
  }
  const names = header.fields.map((name) => name.trim());
  const withEmail = [...REGISTRY_HEADER, ...REGISTRY_OPTIONAL_COLUMNS];
  const columns = names.join(',') === REGISTRY_HEADER.join(',') ? REGISTRY_HEADER : names.join(',') === withEmail.join(',') ? withEmail : undefined;
  if (!columns) {
    return { rows: [], bad, fatal: `line 1: the header must be exactly "${REGISTRY_HEADER.join(',')}", optionally followed by ",email" (found "${header.fields.join(',')}")` };
  }

  const rows: RegistryRow[] = [];
  const firstLineOf = new Map<string, number>();
  for (const { line, fields } of body) {
    const checked = validateRow(fields, columns, policies);
    if ('reason' in checked) {
      bad.push({ line, reason: checked.reason });
      continue;
    }
    const key = canonicalSerial(checked.record.serial);
    const earlier = firstLineOf.get(key);
    if (earlier !== undefined) {
      bad.push({ line, reason: `serial "${checked.record.serial}" is already on line ${earlier}` });
      continue;
    }
    firstLineOf.set(key, line);
    rows.push({ line, key, record: checked.record });
  }
  bad.sort((a, b) => a.line - b.line);
  return { rows, bad };
}
