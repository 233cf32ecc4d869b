import { readFile } from 'node:fs/promises';
import { LockCareError } from '../errors.js';
import type { PolicySet } from './policy-loader.js';
import { parseRegistryCsv, type RegistryParseResult } from './registry-csv.js';

/** Read a registry CSV from disk and check it. Throws E_USAGE when the file cannot be read or is unusable. */
export async function readRegistryFile(path: string, policies: PolicySet): Promise<RegistryParseResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (error as Error).message;
    throw new LockCareError('E_USAGE', `Cannot read registry file ${path}: ${why}`);
  }
  const parsed = parseRegistryCsv(text, policies);
  if (parsed.fatal) throw new LockCareError('E_USAGE', `Registry file ${path}: ${parsed.fatal}`);
  return parsed;
}

/** "line 4: ..." lines for the first `limit` bad rows. */
export function describeBadRows(parsed: RegistryParseResult, limit = 50): string[] {
  const lines = parsed.bad.slice(0, limit).map((row) => `line ${row.line}: ${row.reason}`);
  if (parsed.bad.length > limit) lines.push(`… and ${parsed.bad.length - limit} more bad rows`);
  return lines;
}
