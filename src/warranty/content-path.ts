import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isAbsolute, resolve } from 'node:path';

/** The LockCare checkout (where `policies/` and `samples/` ship). */
export const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Resolve a configured content path (POLICIES_DIR, REGISTRY_FILE): absolute as given; relative
 * to the working directory when it exists there, else to the LockCare checkout, so
 * `npx lockcare …` works from any directory with the defaults.
 */
export function resolveContentPath(path: string, cwd = process.cwd()): string {
  if (isAbsolute(path)) return path;
  const fromCwd = resolve(cwd, path);
  if (existsSync(fromCwd)) return fromCwd;
  const fromPackage = resolve(PACKAGE_ROOT, path);
  return existsSync(fromPackage) ? fromPackage : fromCwd;
}

/** The sample registry loaded by the embedded default. */
export const SAMPLE_REGISTRY_FILE = resolve(PACKAGE_ROOT, 'samples/registry.csv');
