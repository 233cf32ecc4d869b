import type { TranscriptEntry } from '../core/transcript.js';
import { ROOT_DIALOG, type EscalationRequest, type HandoffService, type TurnContext } from '../core/dialog.js';
import type { JsonObject, MediaAttachment } from '../core/types.js';
import { formatDueTime } from './due-format.js';
import { checkMedia } from './media-policy.js';
import { agentHasReplied, isOpen, type TicketService } from './ticket-service.js';
import type { Ticket, TicketMedia } from './ticket-types.js';

export interface EscalationOptions {
  tickets: TicketService;
  /** Largest customer file accepted (MEDIA_MAX_BYTES). */
  mediaMaxBytes: number;
  /** Acknowledge a waiting customer at most once per this interval (default 30 min). */
  ackIntervalMs?: number;
  /** How many earlier messages are copied onto a new ticket (default 20). */
  transcriptTail?: number;
}

/** The two answers to "Do you want to cancel ticket LC-…?". */
export const CANCEL_CONFIRMED = 'handoff:cancel-ticket';
export const CANCEL_DECLINED = 'handoff:keep-ticket';
/** The main menu's choice values (`menu:troubleshoot`, …), offered while a ticket waits. */
const MENU_CHOICE_PREFIX = 'menu:';

const asObject = (value: unknown): JsonObject | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject) : undefined;
const asString = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() ? value : undefined);

function currentEntry(ctx: TurnContext): TranscriptEntry | undefined {
  const text = ctx.input.text;
  if (!text && !ctx.input.media) return undefined;
  return { at: ctx.now.toISOString(), from: 'customer', text, language: ctx.language, ...(ctx.input.media ? { media: ctx.input.media } : {}) };
}

/**
 * Human escalation: opens (or finds) the conversation's ticket, tells the customer who will reply
 * and by when, and keeps the bot quiet while a person owns the conversation.
 */
export function createEscalationHandoff(options: EscalationOptions): HandoffService {
  const { tickets, mediaMaxBytes } = options;
  const ackIntervalMs = options.ackIntervalMs ?? 30 * 60_000;
  const tail = options.transcriptTail ?? 20;

  const dueText = (ctx: TurnContext, ticket: Ticket) => formatDueTime(new Date(ticket.dueAt), ctx.language, ctx.state.user.timeZone);

  /** Put one checked file on the ticket (once: `sourceMessageId` names the message and the file's place in it). */
  async function storeMedia(ctx: TurnContext, ticketId: string, media: MediaAttachment, sourceMessageId: string): Promise<void> {
    let index = -1;
    // A turn that lost a compare-and-set race runs again: the same message must not attach twice.
    const ticket = await tickets.update(
      ticketId,
      (draft, now) => {
        const earlier = draft.media.find((item) => item.sourceMessageId === sourceMessageId && item.kind === media.kind);
        if (earlier) {
          index = earlier.index;
          return;
        }
        index = draft.media.length;
        const entry: TicketMedia = {
          index,
          at: now.toISOString(),
          kind: media.kind,
          stored: Boolean(media.dataBase64),
          ...(media.mimeType ? { mimeType: media.mimeType } : {}),
          ...(media.fileName ? { fileName: media.fileName } : {}),
          ...(media.sizeBytes !== undefined ? { sizeBytes: media.sizeBytes } : {}),
          ...(media.url ? { url: media.url } : {}),
          ...(media.caption ?? ctx.input.text ? { caption: media.caption ?? ctx.input.text } : {}),
          ...(media.latitude !== undefined ? { latitude: media.latitude, longitude: media.longitude } : {}),
          sourceMessageId,
        };
        draft.media.push(entry);
        draft.lastCustomerMessageAt = now.toISOString();
      },
      'ticket.media',
    );
    if (media.dataBase64) await tickets.saveMedia(ticket.id, index, media.dataBase64);
  }

  /**
   * Attach the customer's files (one, or an e-mail's several) to the ticket through the media
   * checks, and tell them what happened in one answer: attached, and which file was too large.
   */
  async function attachMedia(ctx: TurnContext, ticketId: string, first: MediaAttachment, more: MediaAttachment[] = []): Promise<void> {
    const files = [first, ...more];
    const base = `${ctx.message.channel}:${ctx.message.platformMessageId}`;
    const max = Math.floor(mediaMaxBytes / (1024 * 1024));
    let attached = 0;
    let unsupported = false;
    const tooLarge: string[] = [];
    for (const [position, media] of files.entries()) {
      const check = checkMedia(media, mediaMaxBytes);
      if (check.ok) {
        // The first file keeps the message's own id (as on every channel); the others add their place.
        await storeMedia(ctx, ticketId, media, position === 0 ? base : `${base}#${position + 1}`);
        attached += 1;
      } else if (check.problem === 'too-large') tooLarge.push(media.fileName ?? media.kind);
      else unsupported = true;
    }
    if (files.length === 1) {
      if (attached) ctx.sayKey('handoff.mediaAttached', { ticket: ticketId });
      else if (tooLarge.length) ctx.sayKey('handoff.mediaTooLarge', { max });
      else ctx.sayKey('handoff.mediaUnsupported');
      return;
    }
    if (attached) ctx.sayKey(attached === 1 ? 'handoff.mediaAttached' : 'handoff.mediaAttachedMany', { ticket: ticketId });
    for (const file of tooLarge) ctx.sayKey('handoff.mediaFileTooLarge', { file, max });
    if (unsupported) ctx.sayKey('handoff.mediaUnsupported');
  }

  async function lastMessages(ctx: TurnContext): Promise<TranscriptEntry[]> {
    const stored = await ctx.services.transcript.tail(ctx.state.key, tail);
    const entries = stored.map(({ media, ...entry }) => (media ? { ...entry, media: { ...media, dataBase64: undefined } } : entry));
    const current = currentEntry(ctx);
    return current ? [...entries, { ...current, ...(current.media ? { media: { ...current.media, dataBase64: undefined } } : {}) }] : entries;
  }

  return {
    async escalate(ctx: TurnContext, request: EscalationRequest): Promise<void> {
      const { state } = ctx;
      const priority = request.priority ?? (request.reason === 'urgent' ? 'urgent' : 'normal');
      const facts = state.facts;
      const { ticket: found, created } = await tickets.create({
        channel: state.channel,
        conversationId: state.conversationId,
        conversationKey: state.key,
        language: state.language,
        priority,
        reason: request.reason,
        customer: {
          id: state.user.id,
          ...(state.user.name ? { name: state.user.name } : {}),
          ...(state.user.phone ? { phone: state.user.phone } : {}),
          ...(asString(facts.hotel) ? { hotel: asString(facts.hotel) } : {}),
          ...(state.user.timeZone ? { timeZone: state.user.timeZone } : {}),
        },
        topic: request.topic ?? asString(facts.topic),
        facts: structuredClone(facts),
        ...(request.details ? { details: request.details } : {}),
        ...(asObject(facts.warranty) ? { warranty: asObject(facts.warranty) } : {}),
        lastMessages: await lastMessages(ctx),
        sourceMessageId: `${ctx.message.channel}:${ctx.message.platformMessageId}`,
      });
      let ticket = found;
      let raised = false;
      if (!created && priority === 'urgent' && ticket.priority !== 'urgent') {
        ticket = await tickets.raiseToUrgent(ticket.id);
        raised = true;
      }
      const agentReplied = agentHasReplied(ticket);
      state.mode = agentReplied ? 'agent' : 'waiting';
      state.ticketId = ticket.id;
      const vars = { ticket: ticket.id, due: dueText(ctx, ticket) };
      const key = created
        ? ticket.priority === 'urgent' ? 'handoff.queuedUrgent' : 'handoff.queued'
        : raised ? 'handoff.raisedUrgent'
        : agentReplied ? 'handoff.alreadyOpenAgent' : 'handoff.alreadyOpen';
      ctx.reply({ type: 'handoff', event: 'queued', text: ctx.t(key, vars), ticketId: ticket.id });
      if (ctx.input.kind === 'media' && ctx.input.media && created) await attachMedia(ctx, ticket.id, ctx.input.media, ctx.input.moreMedia);
    },

    async handleWhileHandedOff(ctx: TurnContext): Promise<void> {
      const { state } = ctx;
      const ticket = state.ticketId ? await tickets.get(state.ticketId) : null;
      if (!ticket || !isOpen(ticket)) {
        // Closed elsewhere (another process, or expired): the bot takes the conversation back.
        state.mode = 'bot';
        delete state.ticketId;
        state.stack = [];
        await ctx.begin(ctx.rootDialog, {});
        return;
      }
      if (ctx.input.kind === 'media' && ctx.input.media) {
        await attachMedia(ctx, ticket.id, ctx.input.media, ctx.input.moreMedia);
        return;
      }
      if (ctx.input.kind === 'choice' && ctx.input.value === CANCEL_CONFIRMED) {
        await cancelTicket(tickets, ctx, ticket.id);
        return;
      }
      if (ctx.input.kind === 'choice' && ctx.input.value?.startsWith(MENU_CHOICE_PREFIX) && state.mode === 'waiting') {
        // A choice from the menu offered while the ticket waits ("menu", "hello"): the bot helps
        // meanwhile; the ticket stays open, and the agent who claims it takes the conversation.
        state.mode = 'bot';
        state.stack = [];
        await ctx.begin(ROOT_DIALOG, {});
        return;
      }
      if (ctx.input.kind === 'choice' && ctx.input.value === CANCEL_DECLINED) {
        ctx.sayKey('handoff.cancelKept', { ticket: ticket.id });
        return;
      }
      // "help" and "human" while handed off are commands (dialogs/commands/help.ts, human.ts).
      let acknowledge = false;
      await tickets.update(
        ticket.id,
        (draft, now) => {
          draft.lastCustomerMessageAt = now.toISOString();
          if (draft.status === 'waiting-customer') draft.status = 'assigned';
          const since = (iso: string | undefined) => (iso ? now.getTime() - Date.parse(iso) : Infinity);
          acknowledge =
            state.mode === 'agent'
              ? Math.min(since(draft.lastAgentReplyAt), since(draft.lastAckAt)) >= ackIntervalMs
              : since(draft.lastAckAt) >= ackIntervalMs;
          if (acknowledge) draft.lastAckAt = now.toISOString();
        },
        'ticket.customer-message',
      );
      if (acknowledge) ctx.sayKey('handoff.ack', { ticket: ticket.id });
    },

    /**
     * "cancel" while a ticket is open only asks: a bare "stop" or "salir" must not drop a
     * customer's ticket. The "cancel the ticket" answer cancels it (in `handleWhileHandedOff`).
     */
    async cancel(ctx: TurnContext): Promise<void> {
      const id = ctx.state.ticketId;
      const ticket = id ? await tickets.get(id) : null;
      if (!ticket || !isOpen(ticket)) {
        await cancelTicket(tickets, ctx, undefined);
        return;
      }
      ctx.sayKey('handoff.cancelConfirm', { ticket: ticket.id }, [
        { title: ctx.t('handoff.cancelYes'), value: CANCEL_CONFIRMED },
        { title: ctx.t('handoff.cancelKeep'), value: CANCEL_DECLINED },
      ]);
    },
  };
}

/** Cancel the open ticket (when there is one) and give the conversation back to the bot. */
async function cancelTicket(tickets: TicketService, ctx: TurnContext, id: string | undefined): Promise<void> {
  const { state } = ctx;
  if (id) {
    await tickets.update(
      id,
      (draft, now) => {
        if (!isOpen(draft)) return;
        draft.status = 'cancelled';
        draft.resolution = 'cancelled';
        draft.cancelledAt = now.toISOString();
      },
      'ticket.cancelled',
    );
  }
  state.mode = 'bot';
  delete state.ticketId;
  ctx.say(id ? ctx.t('handoff.cancelled', { ticket: id }) : ctx.t('common.cancelled'));
  await ctx.restart();
}
