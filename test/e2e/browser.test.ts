import { afterEach, describe, expect, it } from 'vitest';
import { chromiumPath } from './browser.js';

const saved = process.env.CHROMIUM_PATH;
afterEach(() => {
  if (saved === undefined) delete process.env.CHROMIUM_PATH;
  else process.env.CHROMIUM_PATH = saved;
});

describe('the Chromium launcher', () => {
  it('fails with a message saying how to install Chromium when there is none', () => {
    process.env.CHROMIUM_PATH = '/nonexistent/chromium';
    expect(() => chromiumPath()).toThrow('End-to-end tests need Chromium, but there is none at /nonexistent/chromium. Install it with "apt-get install -y chromium"');
  });

  it('uses CHROMIUM_PATH, else Debian\'s /usr/bin/chromium', () => {
    delete process.env.CHROMIUM_PATH;
    expect(chromiumPath()).toBe('/usr/bin/chromium');
  });
});
