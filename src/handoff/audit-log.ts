import type { Store } from '../store/store.js';

/**
 * Who did what to a ticket, append-only: sign-ins (per agent), claims, transfers, replies, notes,
 * topic tags, hand-backs and resolutions, with no message text. Kept `retentionMs` after the last entry, as
 * long as the closed ticket itself and longer than its transcript (CONVERSATION_TTL_DAYS).
 */
export type AuditAction = 'sign-in' | 'claim' | 'take-over' | 'transfer' | 'reply' | 'note' | 'topic' | 'release' | 'resolve';

export interface AuditEntry {
  at: string;
  actor: string;
  action: AuditAction;
  /** A transfer's new holder (null = the queue). */
  to?: string | null;
  /** The topic an agent tagged, and the one it replaced (null: none). */
  topic?: string;
  previous?: string | null;
  /** A reply sent translated, and by which model. */
  translated?: boolean;
  model?: string;
}

const ticketAuditKey = (ticketId: string) => `audit:ticket:${ticketId}`;
const SIGN_IN_KEY = 'audit:sign-ins';
const MAX_ENTRIES = 1000;

export class AuditLog {
  constructor(
    private readonly store: Store,
    private readonly now: () => Date,
    private readonly retentionMs: number,
  ) {}

  /**
   * Append an action. With the actor's `session`, the sign-in that began it is written first, the
   * first time that session acts on this ticket: each ticket's log shows the sign-ins behind its actions.
   */
  async record(ticketId: string, entry: Omit<AuditEntry, 'at'>, session?: { username: string; createdAt: string }): Promise<void> {
    const lines: string[] = [];
    if (session) {
      const signedIn = (await this.forTicket(ticketId)).some((earlier) => earlier.action === 'sign-in' && earlier.actor === session.username && earlier.at === session.createdAt);
      if (!signedIn) lines.push(JSON.stringify({ at: session.createdAt, actor: session.username, action: 'sign-in' }));
    }
    lines.push(JSON.stringify({ at: this.now().toISOString(), ...entry }));
    await this.store.listPush(ticketAuditKey(ticketId), lines, MAX_ENTRIES, this.retentionMs);
  }

  async signIn(username: string): Promise<void> {
    await this.store.listPush(SIGN_IN_KEY, JSON.stringify({ at: this.now().toISOString(), actor: username, action: 'sign-in' }), MAX_ENTRIES * 10, this.retentionMs);
  }

  async forTicket(ticketId: string): Promise<AuditEntry[]> {
    return (await this.store.listRange(ticketAuditKey(ticketId), 0, -1)).map((raw) => JSON.parse(raw) as AuditEntry);
  }

  async signIns(): Promise<AuditEntry[]> {
    return (await this.store.listRange(SIGN_IN_KEY, 0, -1)).map((raw) => JSON.parse(raw) as AuditEntry);
  }
}
