import { randomUUID } from 'node:crypto';
import { surveyChoices } from '../../dialogs/survey/survey-dialog.js';
import { stateKeyOf, type ConversationCore } from '../core/conversation-core.js';
import type { Clock } from '../core/dialog.js';
import { textDirection, type Translator } from '../core/i18n.js';
import { encodeState } from '../core/stored-forms.js';
import { LANGUAGES, type ChannelName, type ConversationState, type ConversationTarget, type Language, type OutboundMessage, type Reply } from '../core/types.js';
import type { DeskTranslator } from '../handoff/desk-translator.js';
import { LockCareError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/store.js';
import { decideSurvey, type SkipReason, type SurveyChannelRule } from './channel-rules.js';
import type { SurveyContacts } from './survey-contacts.js';
import type { SurveyService } from './survey-service.js';
import { savePublication } from './results-page.js';
import { resolvePublishedTexts, textSource, type ResultsTextSource } from './results-texts.js';
import { SURVEY_DATA_TTL_MS, surveyKeys, type SurveyCampaign, type SurveyContact, type SurveyOutcome } from './survey-types.js';
import { YEARLY_SURVEY_DIALOG } from './yearly-survey-dialog.js';

export interface CampaignCounts {
  selected: number;
  sent: number;
  skipped: number;
  optedOut: number;
  skippedByReason: Record<string, number>;
  byChannel: Record<string, { selected: number; sent: number; skipped: number }>;
}

/** What `survey publish` would do (`--dry-run`), per channel and per customer language. */
export interface PublishPlan {
  counts: CampaignCounts;
  recipients: Array<{ contact: SurveyContact; decision: true | SkipReason }>;
  /** Per language of the customers it would go to: how many, and where the text comes from. */
  languages: Partial<Record<Language, { recipients: number; text: ResultsTextSource }>>;
  /** Languages with customers and no text (and no translation to make one): publish refuses. */
  missing: Language[];
}

export interface CampaignOptions {
  store: Store;
  core: ConversationCore;
  contacts: SurveyContacts;
  surveys: SurveyService;
  translator: Translator;
  /** Machine translation of the results text into a language the manager did not write (undefined: off). */
  machineTranslation?: DeskTranslator;
  clock: Clock;
  logger: Logger;
  rules: ReadonlyMap<string, SurveyChannelRule>;
  /** Pause between two customers (SURVEY_SEND_INTERVAL_MS). */
  intervalMs: number;
  /** How long a new conversation state lives (CONVERSATION_TTL_DAYS). */
  stateTtlMs: number;
  sleep?: (ms: number) => Promise<void>;
  /** The run's lease: a dead run's lease lapses after this, then another may resume. */
  leaseMs?: number;
  /**
   * Send through the outbox to channels another process runs (the CLI against REDIS_URL); else
   * a channel not running in this process is skipped as `channel-not-reachable`.
   */
  forwardToOtherProcesses?: boolean;
}

const emptyCounts = (): CampaignCounts => ({ selected: 0, sent: 0, skipped: 0, optedOut: 0, skippedByReason: {}, byChannel: {} });

function count(counts: CampaignCounts, channel: string, outcome: { status: 'sent' | 'skipped'; reason?: string }): void {
  const perChannel = (counts.byChannel[channel] ??= { selected: 0, sent: 0, skipped: 0 });
  counts.selected += 1;
  perChannel.selected += 1;
  if (outcome.status === 'sent') {
    counts.sent += 1;
    perChannel.sent += 1;
    return;
  }
  counts.skipped += 1;
  perChannel.skipped += 1;
  const reason = outcome.reason ?? 'unknown';
  counts.skippedByReason[reason] = (counts.skippedByReason[reason] ?? 0) + 1;
  if (reason === 'opted-out') counts.optedOut += 1;
}

/**
 * The December campaign: every customer who contacted support in the year, once. Each customer
 * is claimed in the store before anything is sent (`survey:claim:<year>:<customer>`) and the
 * outcome recorded after, so a run that dies mid-way and is started again sends nobody twice:
 * a customer claimed but without an outcome is counted as `interrupted`, never resent.
 */
export class SurveyCampaigns {
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: CampaignOptions) {
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  async campaign(year: number): Promise<SurveyCampaign | null> {
    const raw = await this.options.store.get(surveyKeys.campaign(year));
    return raw ? (JSON.parse(raw) as SurveyCampaign) : null;
  }

  /** What a run would do now, without sending or claiming anything (`--dry-run`). */
  async plan(year: number): Promise<CampaignCounts> {
    const counts = emptyCounts();
    const optedOut = await this.options.contacts.optedOut();
    const now = this.options.clock.now();
    for (const contact of await this.options.contacts.list(year)) {
      const done = await this.outcome(year, contact.customer);
      if (done) {
        count(counts, done.channel, done);
        continue;
      }
      const decision = await this.decide(contact, optedOut, now);
      count(counts, contact.channel, decision === true ? { status: 'sent' } : { status: 'skipped', reason: decision });
    }
    return counts;
  }

  /** Counts of a campaign so far, from the recorded outcomes. */
  async counts(year: number): Promise<CampaignCounts> {
    const counts = emptyCounts();
    for (const contact of await this.options.contacts.list(year)) {
      const outcome = await this.outcome(year, contact.customer);
      if (outcome) count(counts, outcome.channel, outcome);
    }
    return counts;
  }

  private async outcome(year: number, customer: string): Promise<SurveyOutcome | null> {
    const raw = await this.options.store.get(surveyKeys.outcome(year, customer));
    return raw ? (JSON.parse(raw) as SurveyOutcome) : null;
  }

  private async record(year: number, contact: SurveyContact, status: 'sent' | 'skipped', reason?: SkipReason): Promise<void> {
    const outcome: SurveyOutcome = { status, channel: contact.channel, language: contact.language, ...(reason ? { reason } : {}), at: this.options.clock.now().toISOString() };
    await this.options.store.set(surveyKeys.outcome(year, contact.customer), JSON.stringify(outcome), SURVEY_DATA_TTL_MS);
  }

  /** True when the survey may go now, else why not. */
  private async decide(contact: SurveyContact, optedOut: ReadonlySet<string>, now: Date): Promise<true | SkipReason> {
    if (optedOut.has(contact.customer)) return 'opted-out';
    const state = await this.options.core.getState(contact.conversationKey);
    if (state && state.mode !== 'bot') return 'talking-to-agent';
    const decision = decideSurvey(this.options.rules, contact, now, { conversationExists: state !== null });
    if (!decision.ok) return decision.reason;
    // A template (WhatsApp Cloud outside 24 h) is sent by the Cloud channel itself: the survey's
    // approved template first, the questions once the customer answers (`purpose` below).
    if (!this.options.forwardToOtherProcesses && !this.options.core.channel(contact.channel as ChannelName)) return 'channel-not-reachable';
    return true;
  }

  /**
   * Create (or resume) the campaign of `year` and send what is left, paced. One run at a time
   * (a lease in the store); a dead run's lease lapses after `leaseMs`.
   */
  async run(year: number, createdBy: string): Promise<CampaignCounts> {
    const { store, clock, logger } = this.options;
    const leaseMs = this.options.leaseMs ?? 60_000;
    const token = randomUUID();
    if (!(await store.setIfAbsent(surveyKeys.runner(year), token, leaseMs))) {
      throw new LockCareError('E_CONFLICT', `The ${year} survey is being sent by another run (or one stopped less than ${Math.round(leaseMs / 1000)} s ago)`);
    }
    try {
      const campaign: SurveyCampaign = (await this.campaign(year)) ?? { year, status: 'running', createdAt: clock.now().toISOString(), createdBy };
      await store.set(surveyKeys.campaign(year), JSON.stringify(campaign));
      const optedOut = await this.options.contacts.optedOut();
      for (const contact of await this.options.contacts.list(year)) {
        if (!(await store.extendIfEquals(surveyKeys.runner(year), token, leaseMs))) throw new LockCareError('E_CONFLICT', 'Lost the survey run lease');
        if (await this.outcome(year, contact.customer)) continue;
        if (await store.get(surveyKeys.claim(year, contact.customer))) {
          await this.record(year, contact, 'skipped', 'interrupted');
          continue;
        }
        const decision = await this.decide(contact, optedOut, clock.now());
        if (decision !== true) {
          await this.record(year, contact, 'skipped', decision);
          continue;
        }
        if (!(await store.setIfAbsent(surveyKeys.claim(year, contact.customer), token, SURVEY_DATA_TTL_MS))) continue;
        try {
          await this.send(year, contact);
          await this.record(year, contact, 'sent');
        } catch (error) {
          logger.warn({ err: error, channel: contact.channel }, 'survey could not be sent');
          await this.record(year, contact, 'skipped', 'send-failed');
        }
        if (this.options.intervalMs > 0) await this.sleep(this.options.intervalMs);
      }
      const finished: SurveyCampaign = { ...campaign, status: campaign.status === 'published' ? 'published' : 'done', finishedAt: clock.now().toISOString() };
      await store.set(surveyKeys.campaign(year), JSON.stringify(finished));
      return await this.counts(year);
    } finally {
      await store.deleteIfEquals(surveyKeys.runner(year), token);
    }
  }

  private async send(year: number, contact: SurveyContact): Promise<void> {
    const { core, translator } = this.options;
    const language = contact.language;
    const frame = { id: YEARLY_SURVEY_DIALOG, step: 'overall', data: { year, customer: contact.customer, misses: 0 } };
    await this.ensureState(contact);
    await core.updateState(contact.conversationKey, (state) => {
      state.stack = [frame];
      state.lastChoices = surveyChoices(translator, state.language);
    });
    const t = translator.forLanguage(language);
    const replies: Reply[] = [
      { type: 'text', text: t('survey.intro', { year }) },
      { type: 'text', text: t('survey.overall'), choices: surveyChoices(translator, language) },
    ];
    await this.deliver(contact, replies, 'satisfaction_survey');
  }

  private async deliver(contact: SurveyContact, replies: Reply[], purpose?: ConversationTarget['purpose']): Promise<void> {
    const messages: OutboundMessage[] = replies.map((reply) => ({ reply, language: contact.language, dir: textDirection(contact.language), author: { kind: 'bot' } }));
    await this.options.core.deliver(
      { channel: contact.channel as ChannelName, conversationId: contact.conversationId, ...(contact.reference ? { reference: contact.reference } : {}), ...(purpose ? { purpose } : {}) },
      messages,
    );
  }

  /** A customer whose conversation state expired (e-mail, say) gets a fresh one to answer in. */
  private async ensureState(contact: SurveyContact): Promise<void> {
    if (await this.options.core.getState(contact.conversationKey)) return;
    const now = this.options.clock.now().toISOString();
    const state: ConversationState = {
      key: contact.conversationKey,
      channel: contact.channel as ChannelName,
      conversationId: contact.conversationId,
      user: { id: contact.customer },
      language: contact.language,
      languageSource: 'detected',
      mode: 'bot',
      stack: [],
      facts: {},
      misunderstood: 0,
      ...(contact.reference ? { reference: contact.reference } : {}),
      createdAt: now,
      updatedAt: now,
      greeted: true,
    };
    await this.options.store.compareAndSet(stateKeyOf(contact.conversationKey), null, encodeState(state), this.options.stateTtlMs);
  }

  /**
   * Who the results would go to now, and in which languages: the customers who answered, not
   * yet sent the results, each with the channel's decision; per language, how many and where its
   * text comes from (`survey publish --dry-run`). Sends and marks nothing.
   */
  async planPublish(year: number): Promise<PublishPlan> {
    const { store, clock, surveys } = this.options;
    if (!(await this.campaign(year))) throw new LockCareError('E_NOT_FOUND', `No ${year} survey campaign`);
    const pdca = await surveys.pdca(year);
    const optedOut = await this.options.contacts.optedOut();
    const counts = emptyCounts();
    const recipients: PublishPlan['recipients'] = [];
    for (const { customer } of await surveys.answers(year)) {
      const contact = await this.options.contacts.get(year, customer);
      if (!contact || (await store.get(surveyKeys.published(year, customer)))) continue;
      const decision = await this.decide(contact, optedOut, clock.now());
      recipients.push({ contact, decision });
      count(counts, contact.channel, decision === true ? { status: 'sent' } : { status: 'skipped', reason: decision });
    }
    const translationOn = this.options.machineTranslation !== undefined;
    const languages: PublishPlan['languages'] = {};
    for (const { contact } of recipients.filter((recipient) => recipient.decision === true)) {
      const entry = (languages[contact.language] ??= { recipients: 0, text: textSource(pdca?.actions, contact.language, translationOn) });
      entry.recipients += 1;
    }
    const missing = LANGUAGES.filter((language) => languages[language]?.text === 'missing');
    return { counts, recipients, languages, missing };
  }

  /**
   * Send the results and the actions text to the customers who answered, once each, in their
   * language (as written, or machine-translated when translation is on), within their channel's
   * rules. Refuses before sending anything when a language with answerers has no text.
   */
  async publish(year: number): Promise<CampaignCounts> {
    const { store, clock, surveys, translator } = this.options;
    const campaign = await this.campaign(year);
    const plan = await this.planPublish(year);
    const pdca = await surveys.pdca(year);
    const machine = this.options.machineTranslation;
    const resolved = await resolvePublishedTexts(year, pdca?.actions, LANGUAGES.filter((language) => plan.languages[language]), machine);
    const results = await surveys.results(year);
    const counts = emptyCounts();
    for (const { contact, decision } of plan.recipients) {
      if (!(await store.setIfAbsent(surveyKeys.published(year, contact.customer), '1', SURVEY_DATA_TTL_MS))) continue;
      if (decision !== true) {
        count(counts, contact.channel, { status: 'skipped', reason: decision });
        continue;
      }
      const t = translator.forLanguage(contact.language);
      try {
        const actions = resolved.texts[contact.language] ?? '';
        await this.deliver(contact, [{ type: 'text', text: t('survey.results', { year, answered: results.answered, satisfied: results.satisfied ?? 0, actions }) }]);
        count(counts, contact.channel, { status: 'sent' });
      } catch {
        count(counts, contact.channel, { status: 'skipped', reason: 'send-failed' });
      }
      if (this.options.intervalMs > 0) await this.sleep(this.options.intervalMs);
    }
    const publishedAt = clock.now().toISOString();
    const { answered, satisfied, overall, speed } = results;
    await savePublication(store, { year, publishedAt, answered, satisfied, overall, speed, actions: resolved.texts, machineTranslated: resolved.machineTranslated });
    await store.set(surveyKeys.campaign(year), JSON.stringify({ ...campaign, status: 'published', publishedAt }));
    return counts;
  }
}
