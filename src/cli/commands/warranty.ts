import { loadConfig } from '../../config.js';
import { LockCareError } from '../../errors.js';
import { createSilentLogger } from '../../logger.js';
import { createStore } from '../../store/create-store.js';
import { parseIsoDate, todayIn } from '../../warranty/calendar-date.js';
import { optionValue, parseOptions } from '../../warranty/cli-options.js';
import { resolveContentPath, SAMPLE_REGISTRY_FILE } from '../../warranty/content-path.js';
import { evaluateWarranty, notFoundResult, type WarrantyQuery, type WarrantyResult } from '../../warranty/policy-engine.js';
import { loadPolicies, type PolicySet } from '../../warranty/policy-loader.js';
import { describeBadRows, readRegistryFile } from '../../warranty/registry-file.js';
import type { RegistryRecord } from '../../warranty/registry-record.js';
import { RegistryStore } from '../../warranty/registry-store.js';
import { canonicalSerial } from '../../warranty/serial.js';
import type { CliIo } from '../cli-io.js';

export const help = `Usage: lockcare warranty check --serial <serial> [--registry <file.csv>] [--as-of YYYY-MM-DD]
                               [--component <id>] [--cause <id>]... [--json]

Decide the warranty of one lock from the product registry and the policies in POLICIES_DIR.

  --serial <s>       Serial number; case, spaces and dashes do not matter.
  --registry <file>  Read this registry CSV instead of the configured store (REDIS_URL, or
                     REGISTRY_FILE / the sample registry in the embedded default).
  --as-of <date>     Decide as on this calendar date (default: today in WARRANTY_TIMEZONE).
  --component <id>   The faulty part: card, casing, manual, cylinder, transmission, electronics.
  --cause <id>       A cause of the fault (repeatable), e.g. unauthorized-repair, force-majeure,
                     abnormal-environment, misuse, door-damage, lock-position-deviated,
                     incorrect-installation, incompatible-system, chemical-corrosion,
                     improper-maintenance.
  --json             Print {"serial","status","policy","asOf","remedies":[{"id","covered","start",
                     "end","daysLeft"}],"reasons":[...]} on one line.

Status: covered | expired | excluded | not-found (exit code 0 for all of them).
Unknown component or cause ids, bad dates and unreadable files: an error on stderr, exit code 2.`;

interface CheckRequest {
  serial: string;
  registryFile?: string;
  query: WarrantyQuery;
  json: boolean;
}

function parseCheck(args: string[], policies: PolicySet, timeZone: string, now: Date): CheckRequest {
  const [sub, ...rest] = args;
  if (sub !== 'check') throw new LockCareError('E_USAGE', sub ? `unknown subcommand "${sub}" (use "check")` : 'missing subcommand "check"');
  const parsed = parseOptions(rest, { values: ['serial', 'registry', 'as-of', 'component', 'cause'], flags: ['json'] });
  if (parsed.positionals.length > 0) throw new LockCareError('E_USAGE', `unexpected argument "${parsed.positionals[0]}"`);
  const serial = optionValue(parsed, 'serial')?.trim();
  if (!serial || !canonicalSerial(serial)) throw new LockCareError('E_USAGE', '--serial <serial> is required');

  const asOfText = optionValue(parsed, 'as-of');
  const asOf = asOfText === undefined ? todayIn(timeZone, now) : parseIsoDate(asOfText.trim());
  if (!asOf) throw new LockCareError('E_USAGE', `--as-of "${asOfText}" is not a real date in YYYY-MM-DD form`);

  const component = optionValue(parsed, 'component')?.trim();
  if (component !== undefined && !policies.components.has(component)) {
    throw new LockCareError('E_USAGE', `unknown component "${component}" (known: ${[...policies.components].join(', ')})`);
  }
  const causes = (parsed.values.get('cause') ?? []).map((cause) => cause.trim());
  for (const cause of causes) {
    if (!policies.causes.has(cause)) throw new LockCareError('E_USAGE', `unknown cause "${cause}" (known: ${[...policies.causes].join(', ')})`);
  }
  return { serial, registryFile: optionValue(parsed, 'registry'), query: { asOf, component, causes }, json: parsed.flags.has('json') };
}

/** Find the record: in the given CSV, in Redis, or in the file the embedded default loads. */
async function findRecord(request: CheckRequest, policies: PolicySet, io: CliIo): Promise<RegistryRecord | null> {
  const config = loadConfig(io.env);
  const fromFile = async (file: string) => {
    const parsed = await readRegistryFile(file, policies);
    if (parsed.bad.length > 0) {
      throw new LockCareError('E_USAGE', `Registry file ${file} has ${parsed.bad.length} bad rows; fix them first:\n  ${describeBadRows(parsed, 10).join('\n  ')}`);
    }
    const key = canonicalSerial(request.serial);
    return parsed.rows.find((row) => row.key === key)?.record ?? null;
  };
  if (request.registryFile) return fromFile(request.registryFile);
  if (config.redisUrl || config.redisClusterUrls) {
    const store = await createStore(config, createSilentLogger());
    try {
      return await new RegistryStore(store).find(request.serial);
    } finally {
      await store.close();
    }
  }
  const file = config.warranty.registryFile ? resolveContentPath(config.warranty.registryFile) : config.sampleData ? SAMPLE_REGISTRY_FILE : undefined;
  if (!file) throw new LockCareError('E_USAGE', 'no registry to read: pass --registry <file.csv>, or set REDIS_URL or REGISTRY_FILE');
  return fromFile(file);
}

function formatHuman(result: WarrantyResult): string {
  const lines = [
    `Serial    ${result.serial}`,
    `Policy    ${result.policy ?? '—'}`,
    `As of     ${result.asOf}`,
    `Status    ${result.status.toUpperCase()}`,
  ];
  if (result.remedies.length > 0) {
    lines.push('Remedies');
    const width = Math.max(...result.remedies.map((remedy) => remedy.id.length));
    for (const remedy of result.remedies) {
      const mark = remedy.covered === true ? 'yes    ' : remedy.covered === false ? 'no     ' : 'unknown';
      const period = remedy.start || remedy.end ? `${remedy.start ?? '?'} → ${remedy.end ?? '?'}` : 'for life';
      const left = remedy.daysLeft === null ? '' : `  ${remedy.daysLeft} day${remedy.daysLeft === 1 ? '' : 's'} left`;
      lines.push(`  ${remedy.id.padEnd(width)}  ${mark}  ${period}${left}`);
    }
  }
  lines.push(`Reasons   ${result.reasons.length > 0 ? result.reasons.join(', ') : '—'}`);
  return `${lines.join('\n')}\n`;
}

export async function run(args: string[], io: CliIo): Promise<number> {
  try {
    const config = loadConfig(io.env);
    const policies = loadPolicies(resolveContentPath(config.warranty.policiesDir));
    const request = parseCheck(args, policies, config.warranty.timeZone, new Date());
    const record = await findRecord(request, policies, io);
    let result: WarrantyResult;
    if (record) {
      const policy = policies.get(record.policy);
      if (!policy) throw new LockCareError('E_CONTENT', `the record's policy "${record.policy}" is not in ${config.warranty.policiesDir}`);
      result = evaluateWarranty(record, policy, request.query);
    } else {
      result = notFoundResult(request.serial, request.query.asOf);
    }
    io.stdout.write(request.json ? `${JSON.stringify(result)}\n` : formatHuman(result));
    return 0;
  } catch (error) {
    if (error instanceof LockCareError && ['E_USAGE', 'E_CONTENT', 'E_CONFIG'].includes(error.code)) {
      io.stderr.write(`lockcare warranty: ${error.message}\n`);
      if (error.code === 'E_USAGE') io.stderr.write('Run "lockcare warranty --help" for the options.\n');
      return 2;
    }
    throw error;
  }
}

