import type { Clock } from '../core/dialog.js';
import type { ConversationState } from '../core/types.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/store.js';
import { SURVEY_DATA_TTL_MS, surveyKeys, type SurveyContact } from './survey-types.js';

const REWRITE_AFTER_MS = 10 * 60_000;

/** One customer across a channel's conversations: the phone number when the channel gives one. */
export function customerOf(state: Pick<ConversationState, 'key' | 'user'>): string {
  const digits = state.user.phone?.replace(/\D/g, '');
  return digits ? `phone:${digits}` : state.key;
}

/**
 * Who contacted support each year, for the December survey: written on every customer turn
 * (the latest channel and conversation win), and the customers who opted out (kept for good).
 */
export class SurveyContacts {
  /**
   * What this process last wrote per customer: a customer chatting away is written at most every
   * 10 minutes (their last message time is then at most 10 minutes early, which only makes the
   * reply-window rules stricter), unless their channel, conversation or language changed.
   */
  private readonly writtenHere = new Map<string, { at: number; where: string }>();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  async recordTurn(state: ConversationState): Promise<void> {
    try {
      const now = this.clock.now();
      const year = now.getUTCFullYear();
      const topic = typeof state.facts.topic === 'string' ? state.facts.topic : undefined;
      // The e-mail channel puts the customer's address on `state.user.email`.
      const email = (state.user as { email?: unknown }).email;
      const contact: SurveyContact = {
        customer: customerOf(state),
        channel: state.channel,
        conversationId: state.conversationId,
        conversationKey: state.key,
        ...(state.reference ? { reference: state.reference } : {}),
        language: state.language,
        lastInboundAt: now.toISOString(),
        ...(topic ? { topic } : {}),
        ...(typeof email === 'string' && email.includes('@') ? { email } : {}),
      };
      const where = `${year}|${contact.conversationKey}|${contact.language}|${contact.topic ?? ''}|${contact.email ?? ''}`;
      const last = this.writtenHere.get(contact.customer);
      if (last && last.where === where && now.getTime() - last.at < REWRITE_AFTER_MS) return;
      if (this.writtenHere.size >= 50_000) this.writtenHere.clear();
      this.writtenHere.set(contact.customer, { at: now.getTime(), where });
      await this.store.set(surveyKeys.contact(year, contact.customer), JSON.stringify(contact), SURVEY_DATA_TTL_MS);
      await this.store.setAdd(surveyKeys.contacts(year), contact.customer);
    } catch (error) {
      this.logger.error({ err: error }, 'could not record a survey contact');
    }
  }

  async list(year: number): Promise<SurveyContact[]> {
    const customers = (await this.store.setMembers(surveyKeys.contacts(year))).sort();
    if (customers.length === 0) return [];
    const values = await this.store.getMany(customers.map((customer) => surveyKeys.contact(year, customer)));
    return values.filter((value): value is string => value !== null).map((value) => JSON.parse(value) as SurveyContact);
  }

  async get(year: number, customer: string): Promise<SurveyContact | null> {
    const raw = await this.store.get(surveyKeys.contact(year, customer));
    return raw ? (JSON.parse(raw) as SurveyContact) : null;
  }

  async optOut(customer: string): Promise<void> {
    await this.store.setAdd(surveyKeys.optedOut, customer);
  }

  async optedOut(): Promise<Set<string>> {
    return new Set(await this.store.setMembers(surveyKeys.optedOut));
  }
}
