import { randomUUID } from 'node:crypto';
import { SURVEY_DIALOG, surveyChoices } from '../../dialogs/survey/survey-dialog.js';
import type { ConversationCore } from '../core/conversation-core.js';
import { textDirection, type Translator } from '../core/i18n.js';
import type { JsonObject, Language, OutboundMessage, Reply, ReplyWindowStatus } from '../core/types.js';
import { LockCareError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { AgentLanguage } from './agents-file.js';
import { transcriptForAgent, type DeskTranscriptEntry } from './desk-translation.js';
import type { DeskTranslator } from './desk-translator.js';
import { isOpen, type TicketService } from './ticket-service.js';
import type { SummaryView, TicketSummaries } from './ticket-summary.js';
import type { QueuedReply, Ticket, TicketSummary } from './ticket-types.js';

/** A ticket as the console's ticket view shows it. */
export interface TicketDetail extends TicketSummary {
  reason: string;
  /** Who tagged the topic and when, and the topic before; null while nobody has. */
  topicTag: NonNullable<Ticket['topicTag']> | null;
  customer: Ticket['customer'];
  /** The generated three-line summary (marked as such) and the warranty check's own result. */
  summary: SummaryView;
  facts: JsonObject;
  details: JsonObject | null;
  warranty: JsonObject | null;
  notes: Ticket['notes'];
  media: Ticket['media'];
  transcript: DeskTranscriptEntry[];
  /** WhatsApp tickets: time left to reply freely and what a reply does now (null on channels without a window). */
  replyWindow: ReplyWindowStatus | null;
  slaFired: Ticket['slaFired'];
  /** Agent replies waiting in the send-retry queue ("reply queued"): the SLA clock runs until one is delivered. */
  queuedReplies: QueuedReply[];
  resolvedAt: string | null;
  resolution: Ticket['resolution'] | null;
  timeToFirstReplyMs: number | null;
  timeToResolveMs: number | null;
}

export interface ReplyOptions {
  /** The agent's working language (default English). */
  agentLanguage?: AgentLanguage;
  /** Translate into the customer's language; default: when translation is on and the languages differ. */
  translate?: boolean;
  /** The text was translated already (the console's preview, maybe edited): what the agent wrote. */
  original?: string;
}

/** What an agent's reply sent the customer. */
export interface SentReply {
  text: string;
  original?: string;
  model?: string;
}

/**
 * What an agent does to a ticket from the console: claim, reply, note, hand back, resolve.
 * Replies go to the customer through `core.deliver` on the conversation's own channel.
 */
export class AgentDesk {
  constructor(
    private readonly tickets: TicketService,
    private readonly core: () => ConversationCore,
    private readonly translator: Translator,
    private readonly logger: Logger,
    private readonly machineTranslator?: DeskTranslator,
    private readonly summaries?: TicketSummaries,
  ) {}

  /** The ticket; customer messages in another language come with a translation into `agentLanguage`. */
  async detail(id: string, agentLanguage: AgentLanguage = 'en'): Promise<TicketDetail> {
    const ticket = await this.tickets.require(id);
    const core = this.core();
    const [transcript, state] = await Promise.all([core.transcript(ticket.conversationKey), core.getState(ticket.conversationKey)]);
    return {
      ...this.tickets.summarize(ticket),
      reason: ticket.reason,
      topicTag: ticket.topicTag ?? null,
      customer: ticket.customer,
      summary: this.summaries ? await this.summaries.view(ticket, state?.facts ?? ticket.facts) : { state: 'off', generated: null, warranty: null },
      facts: state?.facts ?? ticket.facts,
      details: ticket.details ?? null,
      warranty: ticket.warranty ?? null,
      notes: ticket.notes,
      media: ticket.media,
      replyWindow: await this.replyWindow(ticket, state?.facts ?? ticket.facts),
      transcript: await transcriptForAgent(
        transcript.map(({ media, ...entry }) => (media ? { ...entry, media: { ...media, dataBase64: undefined } } : entry)),
        agentLanguage,
        this.machineTranslator,
      ),
      slaFired: ticket.slaFired,
      queuedReplies: ticket.queuedReplies ?? [],
      resolvedAt: ticket.resolvedAt ?? null,
      resolution: ticket.resolution ?? null,
      timeToFirstReplyMs: ticket.timeToFirstReplyMs ?? null,
      timeToResolveMs: ticket.timeToResolveMs ?? null,
    };
  }

  /**
   * Take a ticket. Compare-and-set: of two agents claiming at once exactly one wins; the other
   * gets 409. With `force` (admins only; the route checks the role) the ticket is taken from
   * whoever holds it (an agent who went home), and an internal note records the takeover.
   */
  async claim(id: string, agent: string, options: { force?: boolean } = {}): Promise<Ticket> {
    return this.tickets.update(
      id,
      (draft, now) => {
        if (!isOpen(draft)) throw new LockCareError('E_CONFLICT', `Ticket ${id} is ${draft.status}`);
        if (draft.assignedTo === agent) return;
        if (draft.assignedTo && !options.force) throw new LockCareError('E_CONFLICT', `Ticket ${id} is held by ${draft.assignedTo}`);
        if (draft.assignedTo) draft.notes.push({ at: now.toISOString(), author: agent, text: `Taken over from ${draft.assignedTo} by ${agent}.` });
        draft.assignedTo = agent;
        draft.assignedAt = now.toISOString();
        if (draft.status === 'open') draft.status = 'assigned';
      },
      'ticket.claimed',
    );
  }

  private async requireHolder(id: string, agent: string): Promise<Ticket> {
    const ticket = await this.tickets.require(id);
    if (!isOpen(ticket)) throw new LockCareError('E_CONFLICT', `Ticket ${id} is ${ticket.status}`);
    if (ticket.assignedTo !== agent) {
      throw new LockCareError('E_CONFLICT', ticket.assignedTo ? `Ticket ${id} is held by ${ticket.assignedTo}` : `Claim ticket ${id} first`);
    }
    return ticket;
  }

  /** The channel's reply window (WhatsApp), with the e-mail fallback offered when a refused reply could go by mail. */
  private async replyWindow(ticket: Ticket, facts: JsonObject): Promise<ReplyWindowStatus | null> {
    const window = await this.core().channel(ticket.channel)?.replyWindow?.(ticket.conversationId);
    if (!window) return null;
    return window.onReply === 'refused' && typeof facts.email === 'string' ? { ...window, fallback: 'email' } : window;
  }

  private async customerLanguage(ticket: Ticket): Promise<Language> {
    return (await this.core().getState(ticket.conversationKey))?.language ?? ticket.language;
  }

  /** Send now, or (when the channel cannot take it at this instant) queue it for retry under `retryId`: 'queued'. */
  private async send(ticket: Ticket, replies: Reply[], author: OutboundMessage['author'], translation?: OutboundMessage['translation'], retryId?: string): Promise<'sent' | 'queued'> {
    const state = await this.core().getState(ticket.conversationKey);
    const language: Language = state?.language ?? ticket.language;
    try {
      return await this.core().deliver(
        { channel: ticket.channel, conversationId: ticket.conversationId, ...(state?.reference ? { reference: state.reference } : {}) },
        replies.map((reply) => ({ reply, language, dir: textDirection(language), author, ...(translation ? { translation } : {}) })),
        { retry: { ticketId: ticket.id, ...(retryId ? { id: retryId } : {}) } },
      );
    } catch (error) {
      // A reply refused because the window closed: offer e-mail when the customer's address is known.
      const email = (state?.facts ?? ticket.facts).email;
      if (error instanceof LockCareError && error.details?.reason === 'reply-window-closed' && typeof email === 'string') {
        throw new LockCareError(error.code, `${error.message} The customer's e-mail address is known: answer by e-mail instead.`, { cause: error, details: { ...error.details, fallback: 'email' } });
      }
      throw error;
    }
  }

  /** The holder is writing a reply: the customer's channel may show it. */
  async typing(id: string, agent: string): Promise<void> {
    const ticket = await this.requireHolder(id, agent);
    await this.core().typing({ channel: ticket.channel, conversationId: ticket.conversationId }, agent);
  }

  /** What the reply will say in the customer's language: translated, or as written. */
  private async prepareReply(ticket: Ticket, text: string, options: ReplyOptions): Promise<SentReply> {
    const agentLanguage = options.agentLanguage ?? 'en';
    const customerLanguage = await this.customerLanguage(ticket);
    if (options.original !== undefined && options.original !== text) return { text, original: options.original, ...(this.machineTranslator ? { model: this.machineTranslator.model } : {}) };
    const translate = options.translate ?? (this.machineTranslator !== undefined && options.original === undefined && customerLanguage !== agentLanguage);
    if (!translate || customerLanguage === agentLanguage) return { text };
    if (!this.machineTranslator) throw new LockCareError('E_CONFLICT', 'Translation is off (no OPENAI_API_KEY): send the reply as written');
    const translated = await this.machineTranslator.translate(text, agentLanguage, customerLanguage);
    return translated.text === text ? { text } : { text: translated.text, original: text, model: translated.model };
  }

  /**
   * Reply to the customer, translated into their language unless the options say otherwise. A
   * failed translation throws `E_TRANSLATION` and sends nothing: the agent may send the original.
   * The first reply the customer gets stops the SLA clock: a reply sent at once, now; a reply the
   * channel could not take marks the ticket "reply queued" and the clock keeps running until the
   * retry queue delivers it (`TicketService.queuedReplyDelivered`).
   */
  async reply(id: string, agent: string, text: string, options: ReplyOptions = {}): Promise<{ ticket: Ticket; sent: SentReply }> {
    const ticket = await this.requireHolder(id, agent);
    const sent = await this.prepareReply(ticket, text, options);
    const translation = sent.original !== undefined ? { original: sent.original, model: sent.model ?? 'unknown' } : undefined;
    const retryId = `agent-reply:${id}:${randomUUID()}`;
    const delivery = await this.send(ticket, [{ type: 'text', text: sent.text }], { kind: 'agent', name: agent }, translation, retryId);
    const updated = await this.tickets.update(
      id,
      (draft, now) => {
        if (delivery === 'queued') {
          const until = new Date(now.getTime() + this.core().retries.expireMs);
          draft.notes.push({ at: now.toISOString(), author: 'LockCare', text: this.queuedNote(draft, until) });
          // The first retry is seconds away, so this is written before any process can deliver it.
          draft.queuedReplies = [...(draft.queuedReplies ?? []), { retryId, by: agent, at: now.toISOString(), until: until.toISOString() }];
        } else if (!draft.firstReplyAt) {
          draft.firstReplyAt = now.toISOString();
          draft.firstReplyBy = agent;
          draft.timeToFirstReplyMs = now.getTime() - Date.parse(draft.createdAt);
        }
        draft.lastAgentReplyAt = now.toISOString();
        if (isOpen(draft)) draft.status = 'waiting-customer';
      },
      'ticket.replied',
    );
    if (delivery === 'sent') await this.tickets.stopClock(updated);
    await this.core()
      .updateState(ticket.conversationKey, (state) => {
        if (state.ticketId === id) state.mode = 'agent';
      })
      .catch((error: unknown) => this.logger.warn({ err: error, ticket: id }, 'could not mark the conversation as agent-owned'));
    return { ticket: updated, sent };
  }

  /**
   * Hand the ticket to another agent (`to`), or back to the queue (`to` null), with a note for
   * whoever picks it up. Only the holder (or an admin, or anyone while nobody holds it) may. The
   * SLA clock is not touched: it keeps running until the first reply.
   */
  async transfer(id: string, agent: string, options: { to: string | null; note: string; admin?: boolean }): Promise<Ticket> {
    return this.tickets.update(
      id,
      (draft, now) => {
        if (!isOpen(draft)) throw new LockCareError('E_CONFLICT', `Ticket ${id} is ${draft.status}`);
        if (draft.assignedTo && draft.assignedTo !== agent && !options.admin) throw new LockCareError('E_CONFLICT', `Ticket ${id} is held by ${draft.assignedTo}`);
        if (options.to === (draft.assignedTo ?? null)) throw new LockCareError('E_CONFLICT', options.to ? `Ticket ${id} is already with ${options.to}` : `Ticket ${id} is already in the queue`);
        const where = options.to ? `to ${options.to}` : 'to the queue';
        draft.notes.push({ at: now.toISOString(), author: agent, text: `Transferred ${where} by ${agent}: ${options.note}` });
        if (options.to) {
          draft.assignedTo = options.to;
          draft.assignedAt = now.toISOString();
          if (draft.status === 'open') draft.status = 'assigned';
        } else {
          delete draft.assignedTo;
          delete draft.assignedAt;
          if (draft.status === 'assigned') draft.status = 'open';
        }
      },
      'ticket.transferred',
    );
  }

  private queuedNote(ticket: Ticket, until: Date): string {
    return this.translator.t('en', 'handoff.delivery.queued', { channel: ticket.channel, until: `${until.toISOString().slice(0, 16).replace('T', ' ')} UTC` });
  }

  async note(id: string, agent: string, text: string): Promise<Ticket> {
    return this.tickets.update(id, (draft, now) => void draft.notes.push({ at: now.toISOString(), author: agent, text }), 'ticket.noted');
  }

  /** Close the ticket and give the conversation back to the bot (resolve also sends the survey). */
  private async close(id: string, agent: string, resolution: 'resolved' | 'handed-back'): Promise<{ ticket: Ticket; delivered: boolean }> {
    const ticket = await this.tickets.update(
      id,
      (draft, now) => {
        if (!isOpen(draft)) throw new LockCareError('E_CONFLICT', `Ticket ${id} is ${draft.status}`);
        if (draft.assignedTo && draft.assignedTo !== agent) throw new LockCareError('E_CONFLICT', `Ticket ${id} is held by ${draft.assignedTo}`);
        draft.status = 'resolved';
        draft.resolution = resolution;
        draft.resolvedAt = now.toISOString();
        draft.resolvedBy = agent;
        draft.timeToResolveMs = now.getTime() - Date.parse(draft.createdAt);
      },
      resolution === 'resolved' ? 'ticket.resolved' : 'ticket.released',
    );
    const state = await this.core()
      .updateState(ticket.conversationKey, (draft) => {
        if (draft.ticketId !== id) return;
        draft.mode = 'bot';
        delete draft.ticketId;
        draft.misunderstood = 0;
        if (resolution === 'resolved') {
          draft.stack = [{ id: SURVEY_DIALOG, step: 'ask', data: { ticketId: id } }];
          draft.lastChoices = surveyChoices(this.translator, draft.language);
        } else {
          draft.stack = [];
          delete draft.lastChoices;
        }
      })
      .catch((error: unknown) => {
        this.logger.warn({ err: error, ticket: id }, 'could not hand the conversation back to the bot');
        return null;
      });
    const language = state?.language ?? ticket.language;
    const t = this.translator.forLanguage(language);
    const replies: Reply[] =
      resolution === 'resolved'
        ? [
            { type: 'handoff', event: 'resolved', text: t('handoff.resolved', { ticket: id }), ticketId: id },
            { type: 'text', text: t('handoff.survey.question'), choices: surveyChoices(this.translator, language) },
          ]
        : [{ type: 'handoff', event: 'agent-left', text: t('handoff.released'), ticketId: id }];
    try {
      return { ticket, delivered: (await this.send(ticket, replies, { kind: 'bot' })) === 'sent' };
    } catch (error) {
      this.logger.warn({ err: error, ticket: id, channel: ticket.channel }, 'could not tell the customer the ticket closed');
      return { ticket, delivered: false };
    }
  }

  /** Hand the conversation back to the bot; the customer is told in their language. */
  async release(id: string, agent: string): Promise<{ ticket: Ticket; delivered: boolean }> {
    return this.close(id, agent, 'handed-back');
  }

  /** Resolve: the customer gets the 1–5 satisfaction survey in their language. */
  async resolve(id: string, agent: string): Promise<{ ticket: Ticket; delivered: boolean }> {
    return this.close(id, agent, 'resolved');
  }
}
