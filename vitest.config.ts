import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    globalSetup: ['test/helpers/global-setup.ts'],
    pool: 'forks',
    // expect.poll waits for something asynchronous (a push, a queued send); on a loaded CI machine
    // one second is not enough, and a passing poll returns as soon as its assertion holds.
    expect: { poll: { timeout: 15_000, interval: 50 } },
  },
});
