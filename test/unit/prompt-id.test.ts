import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isStaleAnswer, promptIdOf } from '../../src/core/prompt-id.js';

const waiting = {
  stack: [{ id: 'main-menu', step: 'start', data: {} }],
  lastChoices: [{ title: 'Fix a lock problem', value: 'menu:troubleshoot' }, { title: 'Check warranty', value: 'menu:warranty' }],
};

describe('prompt ids', () => {
  it('are the first 12 characters of the SHA-256 of what waits for the answer, as before (buttons sent before an upgrade still count)', () => {
    const text = JSON.stringify(['main-menu', 'start', {}, ['menu:troubleshoot', 'menu:warranty']]);
    expect(promptIdOf(waiting)).toBe(createHash('sha256').update(text).digest('base64url').slice(0, 12));
  });

  it('change when the question changes, and an older id is a stale answer', () => {
    const moved = { ...waiting, stack: [{ id: 'language', step: 'pick', data: {} }] };
    expect(promptIdOf(moved)).not.toBe(promptIdOf(waiting));
    expect(isStaleAnswer(moved, promptIdOf(waiting))).toBe(true);
    expect(isStaleAnswer(waiting, promptIdOf(waiting))).toBe(false);
    expect(promptIdOf({ ...waiting, lastChoices: [] })).toBeUndefined();
  });
});
