/**
 * A small RFC 4180 CSV reader: comma-separated, fields optionally in double quotes (a quote
 * inside is doubled), CRLF or LF line ends, quoted fields may span lines, a UTF-8 BOM is
 * ignored. Each record keeps the line number it starts on, so errors can say "line N".
 */
export interface CsvRecord {
  /** 1-based line where the record starts (the header is line 1). */
  line: number;
  fields: string[];
}

export interface CsvError {
  line: number;
  reason: string;
}

export interface CsvParseResult {
  records: CsvRecord[];
  /** Malformed quoting; the records it affects are not in `records`. */
  errors: CsvError[];
}

export function parseCsv(input: string): CsvParseResult {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const records: CsvRecord[] = [];
  const errors: CsvError[] = [];
  let line = 1;
  let index = 0;

  while (index < text.length) {
    const startLine = line;
    const fields: string[] = [];
    let field = '';
    let broken: string | undefined;
    let atFieldStart = true;
    let quoted = false;
    let endOfRecord = false;

    while (index < text.length && !endOfRecord) {
      const char = text[index]!;
      if (quoted) {
        if (char === '"') {
          if (text[index + 1] === '"') {
            field += '"';
            index += 2;
            continue;
          }
          quoted = false;
          index += 1;
          const next = text[index];
          if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') broken ??= 'text after a closing quote (a quote inside a quoted field must be doubled: "")';
          continue;
        }
        if (char === '\n') line += 1;
        field += char;
        index += 1;
        continue;
      }
      if (char === '"' && atFieldStart) {
        quoted = true;
        atFieldStart = false;
        index += 1;
        continue;
      }
      if (char === ',') {
        fields.push(field);
        field = '';
        atFieldStart = true;
        index += 1;
        continue;
      }
      if (char === '\r' || char === '\n') {
        index += char === '\r' && text[index + 1] === '\n' ? 2 : 1;
        line += 1;
        endOfRecord = true;
        continue;
      }
      if (char === '"') broken ??= 'a quote inside an unquoted field (put the field in quotes and double the quote)';
      field += char;
      atFieldStart = false;
      index += 1;
    }
    if (quoted) {
      errors.push({ line: startLine, reason: 'a quoted field is never closed' });
      break;
    }
    fields.push(field);
    const blank = fields.length === 1 && fields[0]!.trim() === '';
    if (broken) errors.push({ line: startLine, reason: broken });
    else if (!blank) records.push({ line: startLine, fields });
  }
  return { records, errors };
}
