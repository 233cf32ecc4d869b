import type { JsonObject, OutboundMessage } from '../../core/types.js';
import { RetryableSendError } from '../../errors.js';
import { consoleTicketUrl } from '../../handoff/console-routes.js';
import { TICKET_EVENTS_CHANNEL, type TicketEvent } from '../../handoff/ticket-types.js';
import type { Logger } from '../../logger.js';
import type { SetupContext } from '../../setup-context.js';
import { sendFailure, type ComposedEmail, type EmailSender } from './email-send.js';

/** Events agents hear of by mail: a new ticket, the SLA warnings and the breach. */
const NOTICE_EVENTS = new Set<TicketEvent['type']>(['ticket.created', 'sla.warn50', 'sla.warn80', 'sla.breach']);
const NOTICE_CLAIM_MS = 7 * 86_400_000;

/**
 * Mail `AGENT_NOTIFY_EMAILS` a short notice when a ticket opens and at each SLA warning and
 * breach, with a link to the console (`PUBLIC_URL`): how a small team on call at night learns of
 * an urgent ticket. Every process hears the ticket events; the one that claims the notice sends it.
 * A notice SMTP cannot take now goes on the shared send-retry queue (the mail pinned, as for customers' mail).
 * Returns the unsubscribe function (nothing to stop when no address is configured).
 */
export async function startAgentNotices(ctx: SetupContext, sender: EmailSender, logger: Logger): Promise<(() => Promise<void>) | undefined> {
  const recipients = ctx.config.email.agentNotifyEmails;
  if (recipients.length === 0) return undefined;
  const baseUrl = ctx.config.publicUrl ?? `http://${ctx.config.host}:${ctx.config.port}`;
  const t = ctx.translator.forLanguage('en');
  const pending = new Set<Promise<void>>();

  async function notify(event: TicketEvent): Promise<void> {
    if (!NOTICE_EVENTS.has(event.type)) return;
    const { ticket } = event;
    if (!(await ctx.store.setIfAbsent(`email:notice:${ticket.id}:${event.type}`, '1', NOTICE_CLAIM_MS))) return;
    const vars = {
      ticket: ticket.id,
      priority: ticket.priority,
      channel: ticket.channel,
      topic: ticket.topic ?? '-',
      due: ticket.dueAt,
      link: consoleTicketUrl(baseUrl, ticket.id),
    };
    const kind = event.type === 'ticket.created' ? 'created' : event.type.slice('sla.'.length);
    const text = t(`email.agentNotice.${kind}`, vars);
    const mail: ComposedEmail = {
      to: recipients.join(', '),
      subject: t(`email.agentNotice.${kind}Subject`, vars),
      text,
      html: `<p>${text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`).replace(/\n/g, '<br>')}</p>`,
      messageId: sender.newMessageId(),
      automatic: true,
    };
    try {
      await sender.sendMail(mail);
    } catch (error) {
      const failure = sendFailure(error, mail, {});
      if (!(failure instanceof RetryableSendError)) throw failure;
      // Not now (4xx, server unreachable): the shared send-retry queue sends this very mail again, from any process.
      const target = { channel: 'email' as const, conversationId: `agent-notice:${ticket.id}`, reference: failure.retryReference as JsonObject };
      const notice: OutboundMessage = { reply: { type: 'text', text }, language: 'en', dir: 'ltr', author: { kind: 'bot' } };
      await ctx.core().retries.enqueue(target, [notice], { id: `email-notice:${ticket.id}:${event.type}`, error: failure });
    }
  }

  const unsubscribe = await ctx.store.subscribe(TICKET_EVENTS_CHANNEL, (raw) => {
    let event: TicketEvent;
    try {
      event = JSON.parse(raw) as TicketEvent;
    } catch {
      return;
    }
    const sending = notify(event)
      .catch((error: unknown) => logger.error({ err: error, code: 'E_CHANNEL_SEND', ticket: event.ticket?.id }, 'agent notice could not be mailed'))
      .finally(() => pending.delete(sending));
    pending.add(sending);
  });
  return async () => {
    await unsubscribe();
    await Promise.allSettled([...pending]);
  };
}
