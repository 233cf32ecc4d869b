import { LockCareError } from '../errors.js';

/**
 * A small parser for the warranty and registry commands: `--name value`, `--name=value`,
 * repeatable options, boolean flags, positionals. Anything unexpected is an E_USAGE error.
 */
export interface ParsedOptions {
  values: Map<string, string[]>;
  flags: Set<string>;
  positionals: string[];
}

export function parseOptions(args: readonly string[], spec: { values: readonly string[]; flags: readonly string[] }): ParsedOptions {
  const parsed: ParsedOptions = { values: new Map(), flags: new Set(), positionals: [] };
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index]!;
    if (!arg.startsWith('--')) {
      parsed.positionals.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    if (spec.flags.includes(name)) {
      if (inline !== undefined) throw new LockCareError('E_USAGE', `--${name} takes no value`);
      parsed.flags.add(name);
      continue;
    }
    if (!spec.values.includes(name)) throw new LockCareError('E_USAGE', `unknown option --${name}`);
    const value = inline ?? args[index + 1];
    if (inline === undefined) index += 1;
    if (value === undefined || (inline === undefined && value.startsWith('--'))) throw new LockCareError('E_USAGE', `--${name} needs a value`);
    parsed.values.set(name, [...(parsed.values.get(name) ?? []), value]);
  }
  return parsed;
}

/** The single value of an option (the last one wins if given twice). */
export function optionValue(parsed: ParsedOptions, name: string): string | undefined {
  return parsed.values.get(name)?.at(-1);
}
