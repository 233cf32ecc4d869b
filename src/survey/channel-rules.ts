import type { SurveyContact } from './survey-types.js';

/**
 * "May we send a survey to this customer now?", one rule per channel. A channel's own send
 * path still enforces its limits; these rules decide up front, so a campaign can skip and count
 * (with the reason) instead of failing at the platform.
 *
 * Channels built elsewhere plug in here by adding a rule to `surveyChannelRules`:
 * - `email`: `emailRule` is ready (an address is known); the e-mail channel must register an
 *   adapter named `email` that sends `OutboundMessage`s as mail.
 * - `whatsapp-cloud`: `whatsappCloudRule` sends inside the 24-hour window as a session message
 *   and outside it only through an approved template (`via: 'template'`): the survey feature passes
 *   `WHATSAPP_CLOUD_TEMPLATE_SATISFACTION_SURVEY`, and the Cloud channel's `send` sends that template
 *   (target `purpose: 'satisfaction_survey'`) and holds the questions until the customer answers.
 */
export type SurveyDecision = { ok: true; via: 'session' | 'template' | 'email' } | { ok: false; reason: SkipReason };

export type SkipReason =
  | 'outside-reply-window'
  | 'no-approved-template'
  | 'no-email-address'
  | 'conversation-expired'
  | 'no-conversation-reference'
  | 'channel-not-reachable'
  | 'opted-out'
  | 'talking-to-agent'
  | 'send-failed'
  | 'interrupted';

export interface SurveyChannelRule {
  readonly channel: string;
  decide(contact: SurveyContact, now: Date, context: { conversationExists: boolean }): SurveyDecision;
}

const HOUR = 3_600_000;
const withinHours = (contact: SurveyContact, now: Date, hours: number) => now.getTime() - Date.parse(contact.lastInboundAt) <= hours * HOUR;

/** A reply-window channel (whatsapp-web.js: 24 h; WeChat: 48 h): only customers who wrote within it. */
export function replyWindowRule(channel: string, hours: number): SurveyChannelRule {
  return {
    channel,
    decide: (contact, now) => (withinHours(contact, now, hours) ? { ok: true, via: 'session' } : { ok: false, reason: 'outside-reply-window' }),
  };
}

/** The web chat: the customer reads it in the chat's history, so only while the conversation exists. */
export const webRule: SurveyChannelRule = {
  channel: 'web',
  decide: (_contact, _now, { conversationExists }) => (conversationExists ? { ok: true, via: 'session' } : { ok: false, reason: 'conversation-expired' }),
};

/** Teams can write proactively with the stored conversation reference. */
export const teamsRule: SurveyChannelRule = {
  channel: 'teams',
  decide: (contact) => (contact.reference ? { ok: true, via: 'session' } : { ok: false, reason: 'no-conversation-reference' }),
};

/** E-mail: whenever an address is known. */
export const emailRule: SurveyChannelRule = {
  channel: 'email',
  decide: (contact) => (contact.email ? { ok: true, via: 'email' } : { ok: false, reason: 'no-email-address' }),
};

/** WhatsApp Cloud API: a session message inside 24 h; outside it only an approved template. */
export function whatsappCloudRule(approvedTemplate: string | undefined): SurveyChannelRule {
  return {
    channel: 'whatsapp-cloud',
    decide: (contact, now) => {
      if (withinHours(contact, now, 24)) return { ok: true, via: 'session' };
      return approvedTemplate ? { ok: true, via: 'template' } : { ok: false, reason: 'no-approved-template' };
    },
  };
}

export const WHATSAPP_WEB_WINDOW_HOURS = 24;
/** WeChat's customer-service message window (48 h after the customer's last message). */
export const WECHAT_WINDOW_HOURS = 48;

export function surveyChannelRules(options: { whatsappCloudTemplate?: string } = {}): Map<string, SurveyChannelRule> {
  const rules = [webRule, teamsRule, emailRule, replyWindowRule('whatsapp', WHATSAPP_WEB_WINDOW_HOURS), replyWindowRule('wechat', WECHAT_WINDOW_HOURS), whatsappCloudRule(options.whatsappCloudTemplate)];
  return new Map(rules.map((rule) => [rule.channel, rule]));
}

/** A channel with no rule (the terminal) is never surveyed. */
export function decideSurvey(rules: ReadonlyMap<string, SurveyChannelRule>, contact: SurveyContact, now: Date, context: { conversationExists: boolean }): SurveyDecision {
  const rule = rules.get(contact.channel);
  return rule ? rule.decide(contact, now, context) : { ok: false, reason: 'channel-not-reachable' };
}
