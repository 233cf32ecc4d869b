import type { JsonObject, Language } from '../core/types.js';

/**
 * A customer who contacted support in a year, as the yearly survey needs them: where and how to
 * reach them. Kept under `survey:contact:<year>:<customer>` until the year's campaign is over
 * (SURVEY_CONTACT_TTL), then it expires; reports never read it.
 */
export interface SurveyContact {
  /** `phone:<digits>` when the channel gives a phone number (the same person on WhatsApp and WhatsApp Cloud), else the conversation key. */
  customer: string;
  /** The channel the customer last used (a channel name; `email` and `whatsapp-cloud` come with those channels). */
  channel: string;
  conversationId: string;
  conversationKey: string;
  reference?: JsonObject;
  language: Language;
  /** The customer's last message (ISO 8601): the reply windows count from it. */
  lastInboundAt: string;
  email?: string;
  topic?: string;
}

export type SurveyCampaignStatus = 'running' | 'done' | 'published';

/** `survey:campaign:<year>`: what was decided when it was created; counts come from the outcomes. */
export interface SurveyCampaign {
  year: number;
  status: SurveyCampaignStatus;
  createdAt: string;
  createdBy: string;
  finishedAt?: string;
  publishedAt?: string;
}

/** What happened to one customer of a campaign (`survey:outcome:<year>:<customer>`). */
export interface SurveyOutcome {
  status: 'sent' | 'skipped';
  channel: string;
  language: Language;
  reason?: string;
  at: string;
}

/** One customer's answers (`survey:answer:<year>:<customer>`): no name, phone or address. */
export interface SurveyAnswer {
  overall?: number;
  speed?: number;
  comment?: string;
  /** The language the comment was written in (the conversation's language at that turn). */
  commentLanguage?: Language;
  channel: string;
  language: Language;
  topic?: string;
  answeredAt: string;
}

/** The "what we are improving" text of the results message, per customer language. */
export type ResultsTexts = Partial<Record<Language, string>>;

export interface PdcaActions {
  plan: string;
  do: string;
  check: string;
  act: string;
  /**
   * What customers are told in the results message, per language (the manager's actions in
   * customer words). A language with answerers and no text is machine-translated when
   * translation is on; otherwise `survey publish` refuses until it is written.
   */
  actions?: ResultsTexts;
  updatedBy?: string;
  updatedAt?: string;
}

/**
 * What was published (`survey:publication:<year>`): the figures and the actions text in each
 * language, as the results message said them. Kept for good (no personal data): the public
 * results page and the FAQ's "survey results" line read it.
 */
export interface SurveyPublication {
  year: number;
  publishedAt: string;
  answered: number;
  satisfied: number | null;
  overall: number | null;
  speed: number | null;
  actions: ResultsTexts;
  /** Languages whose text is a machine translation (the page says so). */
  machineTranslated: Language[];
}

export const surveyKeys = {
  contacts: (year: number) => `survey:contacts:${year}`,
  contact: (year: number, customer: string) => `survey:contact:${year}:${customer}`,
  campaign: (year: number) => `survey:campaign:${year}`,
  claim: (year: number, customer: string) => `survey:claim:${year}:${customer}`,
  outcome: (year: number, customer: string) => `survey:outcome:${year}:${customer}`,
  answers: (year: number) => `survey:answered:${year}`,
  answer: (year: number, customer: string) => `survey:answer:${year}:${customer}`,
  published: (year: number, customer: string) => `survey:published:${year}:${customer}`,
  runner: (year: number) => `survey:runner:${year}`,
  pdca: (year: number) => `survey:pdca:${year}`,
  publication: (year: number) => `survey:publication:${year}`,
  /** The year of the latest publication (the FAQ line points to it). */
  latestPublication: 'survey:publication:latest',
  optedOut: 'survey:opted-out',
};

/** Contacts, outcomes and answers are kept this long: the campaign's year and the next one. */
export const SURVEY_DATA_TTL_MS = 550 * 86_400_000;
