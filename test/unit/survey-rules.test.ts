import { describe, expect, it } from 'vitest';
import { waitForDecember } from '../../src/cli/commands/survey.js';
import { decideSurvey, surveyChannelRules, whatsappCloudRule } from '../../src/survey/channel-rules.js';
import type { SurveyContact } from '../../src/survey/survey-types.js';
import { TestClock } from '../helpers/core-harness.js';

const HOUR = 3_600_000;
const now = new Date('2026-12-01T10:00:00Z');
const contact = (channel: string, hoursAgo: number, extra: Partial<SurveyContact> = {}): SurveyContact => ({
  customer: `${channel}:c`,
  channel,
  conversationId: 'c',
  conversationKey: `${channel}:c`,
  language: 'en',
  lastInboundAt: new Date(now.getTime() - hoursAgo * HOUR).toISOString(),
  ...extra,
});

describe('survey channel rules', () => {
  const rules = surveyChannelRules();
  const decide = (value: SurveyContact, conversationExists = true) => decideSurvey(rules, value, now, { conversationExists });

  it('whatsapp-web.js only within 24 h of the customer\'s last message, WeChat within 48 h', () => {
    expect(decide(contact('whatsapp', 23.9))).toEqual({ ok: true, via: 'session' });
    expect(decide(contact('whatsapp', 24.1))).toEqual({ ok: false, reason: 'outside-reply-window' });
    expect(decide(contact('wechat', 47.9))).toEqual({ ok: true, via: 'session' });
    expect(decide(contact('wechat', 48.1))).toEqual({ ok: false, reason: 'outside-reply-window' });
  });

  it('WhatsApp Cloud: a session message inside 24 h, outside only with an approved template', () => {
    expect(decide(contact('whatsapp-cloud', 2))).toEqual({ ok: true, via: 'session' });
    expect(decide(contact('whatsapp-cloud', 30))).toEqual({ ok: false, reason: 'no-approved-template' });
    const withTemplate = new Map([['whatsapp-cloud', whatsappCloudRule('csat_survey_2026')]]);
    expect(decideSurvey(withTemplate, contact('whatsapp-cloud', 30), now, { conversationExists: true })).toEqual({ ok: true, via: 'template' });
  });

  it('e-mail when an address is known; web while the conversation exists; Teams with a reference; never the terminal', () => {
    expect(decide(contact('email', 2000, { email: 'a@hotel.example' }))).toEqual({ ok: true, via: 'email' });
    expect(decide(contact('email', 1))).toEqual({ ok: false, reason: 'no-email-address' });
    expect(decide(contact('web', 2000), true)).toEqual({ ok: true, via: 'session' });
    expect(decide(contact('web', 1), false)).toEqual({ ok: false, reason: 'conversation-expired' });
    expect(decide(contact('teams', 2000, { reference: { conversation: { id: 'x' } } }))).toEqual({ ok: true, via: 'session' });
    expect(decide(contact('teams', 1))).toEqual({ ok: false, reason: 'no-conversation-reference' });
    expect(decide(contact('terminal', 0))).toEqual({ ok: false, reason: 'channel-not-reachable' });
  });
});

describe('survey create waits for December', () => {
  it('sleeps on the injected clock until 1 December UTC, and not at all in December', async () => {
    const clock = new TestClock(new Date('2026-11-30T23:58:30Z'));
    const slept: number[] = [];
    const said: string[] = [];
    await waitForDecember(2026, clock, async (ms) => void (slept.push(ms), clock.advance(ms)), (line) => said.push(line));
    expect(slept).toEqual([60_000, 30_000]);
    expect(clock.now().toISOString()).toBe('2026-12-01T00:00:00.000Z');
    expect(said).toEqual(['survey: waiting until 2026-12-01T00:00:00.000Z (December); use --now to send it now']);
    slept.length = 0;
    await waitForDecember(2026, new TestClock(new Date('2026-12-06T04:00:00Z')), async (ms) => void slept.push(ms), () => undefined);
    expect(slept).toEqual([]);
  });
});
