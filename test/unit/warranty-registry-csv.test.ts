import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/warranty/csv.js';
import { parseRegistryCsv, REGISTRY_HEADER } from '../../src/warranty/registry-csv.js';
import { SAMPLE_REGISTRY_FILE } from '../../src/warranty/content-path.js';
import { policies } from '../helpers/warranty-harness.js';

const HEADER = REGISTRY_HEADER.join(',');
const BAD_ROWS = fileURLToPath(new URL('../fixtures/warranty/registry-bad-rows.csv', import.meta.url));
const EMAIL_ROWS = fileURLToPath(new URL('../fixtures/warranty/registry-with-email.csv', import.meta.url));

describe('CSV reader', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, keeping start lines', () => {
    const { records, errors } = parseCsv('a,b,c\n"x, y","say ""hi""","two\nlines"\nlast,,\n');
    expect(errors).toEqual([]);
    expect(records).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['x, y', 'say "hi"', 'two\nlines'] },
      { line: 4, fields: ['last', '', ''] },
    ]);
  });

  it('accepts CRLF line ends and a UTF-8 BOM, and skips blank lines', () => {
    const { records } = parseCsv('\uFEFFa,b\r\n1,2\r\n\r\n3,4');
    expect(records).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
      { line: 4, fields: ['3', '4'] },
    ]);
  });

  it('reports broken quoting by line', () => {
    expect(parseCsv('a,b\n1,x"y\n2,"ok"\n').errors).toEqual([{ line: 2, reason: expect.stringContaining('quote inside an unquoted field') }]);
    expect(parseCsv('a,b\n1,"open\n2,3\n').errors).toEqual([{ line: 2, reason: 'a quoted field is never closed' }]);
    expect(parseCsv('a,b\n1,"x"y\n').errors).toEqual([{ line: 2, reason: expect.stringContaining('after a closing quote') }]);
  });
});

describe('registry CSV', () => {
  it('the sample registry is valid, about 30 rows, with both policies and every card state', () => {
    const { rows, bad, fatal } = parseRegistryCsv(readFileSync(SAMPLE_REGISTRY_FILE, 'utf8'), policies);
    expect({ bad, fatal }).toEqual({ bad: [], fatal: undefined });
    expect(rows.length).toBeGreaterThanOrEqual(30);
    expect(new Set(rows.map((row) => row.record.policy))).toEqual(new Set(['hotel-lock-3y', 'global-12m']));
    expect(new Set(rows.map((row) => row.record.warrantyCard))).toEqual(new Set(['valid', 'invalid', 'missing', null]));
    expect(new Set(rows.map((row) => row.record.country))).toEqual(new Set(['Spain', 'Mexico', 'United Arab Emirates', 'Saudi Arabia', 'Egypt']));
  });

  it('reports every bad row by line number with the reason', () => {
    const { rows, bad } = parseRegistryCsv(readFileSync(BAD_ROWS, 'utf8'), policies);
    expect(rows.map((row) => [row.line, row.record.serial])).toEqual([[2, 'GOOD-0001'], [12, 'GOOD-0011']]);
    expect(rows[1]!.record.customer).toBe('Hotel "Dos", S.L.');
    expect(bad).toEqual([
      { line: 3, reason: 'serial is empty' },
      { line: 4, reason: 'policy is empty' },
      { line: 5, reason: 'unknown policy "lifetime-99" (known: global-12m, hotel-lock-3y)' },
      { line: 6, reason: 'purchase_date "2025-02-29" is not a real date in YYYY-MM-DD form' },
      { line: 7, reason: 'purchase_date "14/03/2025" is not a real date in YYYY-MM-DD form' },
      { line: 8, reason: 'warranty_card "yes" must be valid, invalid or missing' },
      { line: 9, reason: 'expected 12 fields, found 4' },
      { line: 10, reason: 'serial "good-0001" is already on line 2' },
      { line: 11, reason: 'phone "call reception" must be 6 to 15 digits with the country code, e.g. +971 50 123 4567' },
    ]);
  });

  it('turns empty fields into null and keeps the serial as written', () => {
    const { rows } = parseRegistryCsv(`${HEADER}\n rf200-1 ,,global-12m,,,,,,,,,\n`, policies);
    expect(rows[0]).toEqual({
      line: 2,
      key: 'RF2001',
      record: {
        serial: 'rf200-1', model: null, policy: 'global-12m', customer: null, country: null, phone: null, orderNo: null,
        seller: null, purchaseDate: null, deliveryDate: null, installationDate: null, warrantyCard: null,
      },
    });
  });

  it.each([
    ['', 'the file has no header row'],
    ['serial,model,policy\nA1,,global-12m\n', 'line 1: the header must be exactly'],
    [`${HEADER.replace('order_no', 'order')}\n`, 'line 1: the header must be exactly'],
    [`email,${HEADER}\n`, 'optionally followed by ",email"'],
    [`${HEADER},email,notes\n`, 'line 1: the header must be exactly'],
  ])('an unusable file is fatal: %j', (text, message) => {
    expect(parseRegistryCsv(text, policies).fatal).toContain(message);
  });

  it('takes the optional email column: addresses lower-cased, several separated by ";", a bad one reported by line', () => {
    const { rows, bad, fatal } = parseRegistryCsv(readFileSync(EMAIL_ROWS, 'utf8'), policies);
    expect({ bad, fatal }).toEqual({ bad: [], fatal: undefined });
    expect(rows.map((row) => row.record.email)).toEqual(['reception@miramar-valencia.test', 'jefe.mantenimiento@hotelsol.test;compras@hotelsol.test', null, 'ops@riyadh-palace.test']);
    const text = `${HEADER},email\nA-1,,global-12m,,,,,,,,,,not-an-address\nA-2,,global-12m,,,,,,,,,,ok@hotel.test;two@@hotel.test\nA-3,,global-12m,,,,,,,,,,<x@hotel.test>\nA-4,,global-12m,,,,,,,,,,Ok@Hotel.Test\n`;
    const checked = parseRegistryCsv(text, policies);
    expect(checked.bad).toEqual([
      { line: 2, reason: 'email "not-an-address" is not an e-mail address (several are separated by ";")' },
      { line: 3, reason: 'email "two@@hotel.test" is not an e-mail address (several are separated by ";")' },
      { line: 4, reason: 'email "<x@hotel.test>" is not an e-mail address (several are separated by ";")' },
    ]);
    expect(checked.rows.map((row) => row.record.email)).toEqual(['ok@hotel.test']);
    // A registry without the column has no email on its records (the sample registry's form).
    expect(parseRegistryCsv(`${HEADER}\nA-1,,global-12m,,,,,,,,,\n`, policies).rows[0]!.record).not.toHaveProperty('email');
  });
});
