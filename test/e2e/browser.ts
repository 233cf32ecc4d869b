import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/**
 * The one Chromium launcher for end-to-end tests: Debian's `/usr/bin/chromium` (or
 * CHROMIUM_PATH), headless, never a downloaded browser. Fails with a clear message when the
 * browser is missing, instead of skipping.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function chromiumPath(): string {
  const path = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (!existsSync(path)) {
    throw new Error(
      `End-to-end tests need Chromium, but there is none at ${path}. ` +
        'Install it with "apt-get install -y chromium" (what .ci/run does), or set CHROMIUM_PATH to a Chromium binary.',
    );
  }
  return path;
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
}
