import type { Clock } from '../../core/dialog.js';
import type { ConversationCore, TurnResult } from '../../core/conversation-core.js';
import { turnRetryId } from '../../core/send-retry.js';
import { conversationKey, type ChannelCapabilities, type ChannelName, type InboundMessage, type OutboundMessage } from '../../core/types.js';
import type { Logger } from '../../logger.js';
import type { ContactGuard } from './contact-guard.js';
import type { DecodeResult } from './decode-result.js';
import type { OutboundPacer } from './outbound-pacer.js';
import { renderForChannel, type RenderedMessage } from './render.js';

/** What the shared inbound path needs from a channel besides its decoder and its sender. */
export interface InboundPath {
  channel: ChannelName;
  core(): ConversationCore;
  clock: Clock;
  logger: Logger;
  /** The first-contact guard (absent for the web chat, whose replies go back on the customer's own request). */
  guard?: ContactGuard;
}

/** Sends a turn's replies back to the conversation the message came from. */
export type Respond = (outbound: OutboundMessage[], message: InboundMessage) => Promise<void>;

/**
 * The one inbound path every channel uses: decoded → record the inbound contact → `core.handle`
 * → drop duplicates → `respond` (which renders, paces and sends, see `sendRendered`). Returns the
 * turn's result, or undefined when nothing was handed to the core (ignored, or a repeated welcome).
 * Replies the channel cannot send at that instant (WhatsApp disconnected, a Bot Connector 5xx,
 * WeChat logged out) are queued for retry under the message's id (`core.sendLater`); other
 * errors propagate: each channel answers its platform in its own way (log, HTTP status).
 */
export async function receive(path: InboundPath, decoded: DecodeResult, respond: Respond): Promise<TurnResult | undefined> {
  if (decoded.kind === 'ignored') {
    path.logger.debug({ channel: path.channel, reason: decoded.reason, detail: decoded.detail }, `${path.channel} message ignored`);
    return undefined;
  }
  const { message } = decoded;
  const core = path.core();
  if (decoded.kind === 'welcome') {
    // Greet once: not when the conversation already exists (bot re-added, more members joining).
    if ((await core.getState(conversationKey(message.channel, message.conversationId)))?.greeted) return undefined;
  } else if (path.guard) {
    const now = path.clock.now();
    const at = message.receivedAt && message.receivedAt < now ? message.receivedAt : now;
    await path.guard.recordInbound(message.channel, message.conversationId, at);
  }
  const result = await core.handle(message);
  if (!result.duplicate && result.outbound.length > 0) {
    await respond(result.outbound, message).catch((error: unknown) =>
      core.sendLater({ channel: message.channel, conversationId: message.conversationId }, result.outbound, error, { id: turnRetryId(message) }),
    );
  }
  return result;
}

/**
 * Render messages by the channel's capabilities and send each piece in order, paced per chat.
 * `sendOne` is the channel's single platform call.
 */
export async function sendRendered(
  messages: OutboundMessage[],
  options: { capabilities: ChannelCapabilities; pacer: OutboundPacer; chatKey: string },
  sendOne: (rendered: RenderedMessage) => Promise<unknown>,
): Promise<void> {
  for (const rendered of renderForChannel(messages, options.capabilities)) {
    await options.pacer.enqueue(options.chatKey, () => sendOne(rendered));
  }
}
