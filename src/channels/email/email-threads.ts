import type { Store } from '../../store/store.js';
import { conversationIdOfRoot, type EmailThreadHints } from './email-decode.js';

const threadKey = (messageId: string) => `email:thread:${messageId.toLowerCase()}`;

/**
 * Which conversation a mail belongs to: a Message-ID it answers (ours or the customer's earlier
 * mail), else the ticket id in its subject, else a new conversation named after the thread's
 * first message. Every id seen or sent is remembered for the conversation's lifetime.
 */
export class EmailThreads {
  constructor(
    private readonly store: Store,
    private readonly ttlMs: number,
    /** The conversation of an e-mail ticket (`[LC-000042]` in a subject). */
    private readonly conversationOfTicket: (ticketId: string) => Promise<string | undefined>,
  ) {}

  async remember(messageId: string, conversationId: string): Promise<void> {
    await this.store.set(threadKey(messageId), conversationId, this.ttlMs);
  }

  async conversationOf(hints: EmailThreadHints): Promise<string> {
    let found: string | undefined;
    for (const id of hints.related) {
      found = (await this.store.get(threadKey(id))) ?? undefined;
      if (found) break;
    }
    if (!found && hints.ticketId) found = await this.conversationOfTicket(hints.ticketId);
    const conversationId = found ?? conversationIdOfRoot(hints.root);
    await this.remember(hints.messageId, conversationId);
    return conversationId;
  }
}
