import type { ChatModel } from '../core/chat-model.js';
import type { ConversationCore } from '../core/conversation-core.js';
import type { TranscriptEntry } from '../core/transcript.js';
import type { JsonObject } from '../core/types.js';
import { LockCareError } from '../errors.js';
import { GAPS_FACT } from '../faq/faq-gaps.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/store.js';
import type { AgentLanguage } from './agents-file.js';
import type { TicketService } from './ticket-service.js';
import type { GeneratedSummary, Ticket } from './ticket-types.js';
import { WARRANTY_WORDS } from '../core/warranty-words.js';

/**
 * The three-line ticket summary (problem; what the bot already tried; what the customer wants),
 * written by the chat model in an agent's working language from the transcript and the facts the
 * bot collected. Written in the background when a ticket opens (never delaying the customer's
 * reply or the ticket) and again on demand; stored on the ticket as `summary`.
 *
 * Warranty status is never generated: the model is not given the warranty result, is told not to
 * write about it, and any line it writes about warranty anyway is dropped. The console shows the
 * warranty check's own result beside the summary (`SummaryView.warranty`).
 */

const LANGUAGE_NAMES: Record<AgentLanguage, string> = {
  en: 'English',
  es: 'neutral international Spanish',
  ar: 'Modern Standard Arabic',
  zh: 'Simplified Chinese',
};

const MAX_LINE = 300;
const TRANSCRIPT_ENTRIES = 40;
const ENTRY_CHARS = 500;
/** How long "the last attempt failed" is remembered for the console. */
const FAILED_TTL_MS = 86_400_000;
const failedKey = (ticketId: string) => `ticket-summary-failed:${ticketId}`;

/** The warranty check's result as the console shows it beside the summary: copied, never generated. */
export interface WarrantyLine {
  status: string;
  serial: string | null;
  policy: string | null;
  asOf: string | null;
}

export interface SummaryView {
  /** off: no OPENAI_API_KEY; pending: not written yet; ready; failed: the last attempt failed (try again). */
  state: 'off' | 'pending' | 'ready' | 'failed';
  generated: GeneratedSummary | null;
  warranty: WarrantyLine | null;
}

export function summarySystemPrompt(language: AgentLanguage): string {
  return [
    `You summarise a hotel smart-lock support ticket for the support agent who takes it over. Write in ${LANGUAGE_NAMES[language]}.`,
    'Write exactly three short lines, one sentence each, with no title, label, number or bullet:',
    'line 1: the problem the customer reports;',
    'line 2: what the bot already tried or asked, and the customer\'s answers;',
    'line 3: what the customer wants now.',
    'Use only the transcript and facts given; do not guess. Keep serial numbers, ticket ids, phone numbers and product names exactly as written.',
    'Do not write about warranty, coverage, prices or fees: the agent sees the warranty check\'s own result.',
  ].join('\n');
}

/** The model's input: the facts the bot collected (without the warranty result) and the transcript. */
export function summaryInput(ticket: Ticket, facts: JsonObject, transcript: TranscriptEntry[]): string {
  // The warranty result has its own line; the FAQ gap ids mean nothing to the model.
  const { warranty: _warranty, [GAPS_FACT]: _gaps, ...collected } = facts;
  const details = ticket.details ? { ...ticket.details } : undefined;
  const lines = transcript
    .filter((entry) => entry.text.trim())
    .slice(-TRANSCRIPT_ENTRIES)
    .map((entry) => `[${entry.from}] ${entry.text.slice(0, ENTRY_CHARS)}`);
  return [
    `Ticket ${ticket.id}, opened because: ${ticket.reason}${ticket.topic ? `; topic: ${ticket.topic}` : ''}; customer language: ${ticket.language}.`,
    `Facts the bot collected (JSON): ${JSON.stringify({ ...collected, ...(details ? { escalation: details } : {}) })}`,
    'Transcript (oldest first):',
    ...lines,
  ].join('\n');
}

/**
 * The model's reply as up to three lines: numbering and bullets stripped, any line about warranty
 * dropped, long lines cut. Undefined when nothing usable is left.
 */
export function cleanSummary(content: string): string | undefined {
  const lines = content
    .split(/\r?\n/)
    .map((line) => line.replace(/^\s*(?:[-*•]|\d+[.)]|line \d+:)\s*/i, '').trim())
    .filter((line) => line.length > 0 && !WARRANTY_WORDS.test(line))
    .slice(0, 3)
    .map((line) => (line.length > MAX_LINE ? `${line.slice(0, MAX_LINE - 1)}…` : line));
  return lines.length > 0 ? lines.join('\n') : undefined;
}

export function warrantyLine(warranty: unknown): WarrantyLine | null {
  if (!warranty || typeof warranty !== 'object' || Array.isArray(warranty)) return null;
  const value = warranty as JsonObject;
  if (typeof value.status !== 'string') return null;
  const text = (key: string) => (typeof value[key] === 'string' ? (value[key] as string) : null);
  return { status: value.status, serial: text('serial'), policy: text('policy'), asOf: text('asOf') };
}

export interface TicketSummariesOptions {
  tickets: TicketService;
  core: () => ConversationCore;
  store: Store;
  logger: Logger;
  /** Undefined without OPENAI_API_KEY: summaries are off. */
  model?: ChatModel;
  /** The opening summary's language: the holder's, else DESK_LANGUAGE / the first admin's / en. */
  openingLanguage: (ticket: Ticket) => Promise<AgentLanguage>;
}

export class TicketSummaries {
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(private readonly options: TicketSummariesOptions) {}

  get enabled(): boolean {
    return this.options.model !== undefined;
  }

  /** A ticket opened: write its summary in the background (a failure is logged and shown, never thrown). */
  startOnOpen(ticket: Ticket): void {
    if (!this.options.model) return;
    const task = this.options
      .openingLanguage(ticket)
      .then((language) => this.generate(ticket.id, language, ticket))
      .catch(() => undefined)
      .finally(() => this.inFlight.delete(task));
    this.inFlight.add(task);
  }

  /** Wait for background summaries (shutdown, tests). */
  async settle(): Promise<void> {
    await Promise.all([...this.inFlight]);
  }

  /**
   * Write (or rewrite) the summary in `language` and store it on the ticket. Throws E_CONFLICT
   * when summaries are off and E_SUMMARY when the model fails, times out or writes nothing usable;
   * the ticket is not changed then. `opening`: the new ticket's own snapshot (its last messages and
   * facts, newer than the conversation's stored state while the opening turn is still running).
   */
  async generate(id: string, language: AgentLanguage, opening?: Pick<Ticket, 'lastMessages' | 'facts'>): Promise<GeneratedSummary> {
    const { model, tickets, store, logger } = this.options;
    if (!model) throw new LockCareError('E_CONFLICT', 'Summaries are off (no OPENAI_API_KEY)');
    const ticket = await tickets.require(id);
    const facts = opening?.facts ?? (await this.options.core().getState(ticket.conversationKey))?.facts ?? ticket.facts;
    const entries = opening?.lastMessages ?? (await this.options.core().transcript(ticket.conversationKey));
    let text: string | undefined;
    try {
      const content = await model.complete(summarySystemPrompt(language), summaryInput(ticket, facts, entries.length > 0 ? entries : ticket.lastMessages));
      text = cleanSummary(content);
      if (!text) throw new Error('the model wrote no usable summary line');
    } catch (error) {
      logger.warn({ ticket: id, err: { message: (error as Error).message, name: (error as Error).name } }, 'ticket summary failed');
      await store.set(failedKey(id), '1', FAILED_TTL_MS).catch(() => undefined);
      throw new LockCareError('E_SUMMARY', 'The summary is unavailable right now; try again', { cause: error });
    }
    let summary: GeneratedSummary | undefined;
    await tickets.update(id, (draft, now) => {
      summary = { text: text!, model: model.model, at: now.toISOString(), language };
      draft.summary = summary;
    });
    await store.delete(failedKey(id)).catch(() => undefined);
    return summary!;
  }

  /** What the console shows at the top of the ticket. `facts` are the conversation's current facts. */
  async view(ticket: Ticket, facts: JsonObject): Promise<SummaryView> {
    const warranty = warrantyLine(facts.warranty) ?? warrantyLine(ticket.warranty);
    if (!this.options.model) return { state: 'off', generated: ticket.summary ?? null, warranty };
    const failed = (await this.options.store.get(failedKey(ticket.id))) !== null;
    return { state: failed ? 'failed' : ticket.summary ? 'ready' : 'pending', generated: ticket.summary ?? null, warranty };
  }
}
