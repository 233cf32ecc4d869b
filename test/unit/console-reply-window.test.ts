import { describe, expect, it } from 'vitest';
// @ts-expect-error -- browser module without types, served to the console as is
import { replyWindowText } from '../../src/handoff/console-page/console-render.js';

const render = replyWindowText as (window: unknown, nowMs?: number) => string;

describe('console: reply window line on WhatsApp tickets', () => {
  const now = Date.parse('2026-03-01T10:00:00Z');
  it('shows the time left while the window is open', () => {
    expect(render({ open: true, onReply: 'send', closesAt: '2026-03-01T13:25:07Z' }, now)).toBe('Reply window: 3:25:07 left — a reply is sent now.');
  });
  it('says a template goes first once it has closed (Cloud API), or that the reply is refused (WhatsApp Web) with the e-mail offer', () => {
    expect(render({ open: false, onReply: 'template-then-hold', closesAt: '2026-03-01T09:00:00Z' }, now)).toMatch(/template now; your text is delivered when the customer answers/);
    expect(render({ open: false, onReply: 'refused', closesAt: '2026-03-01T09:00:00Z' }, now)).toBe('Reply window closed — a reply cannot be sent until the customer writes again.');
    expect(render({ open: false, onReply: 'refused', fallback: 'email' }, now)).toMatch(/answer by e-mail instead/);
  });
  it('shows nothing on channels without a window', () => {
    expect(render(null, now)).toBe('');
  });
});
