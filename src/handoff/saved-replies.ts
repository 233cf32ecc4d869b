import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { LANGUAGES } from '../core/types.js';
import { LockCareError } from '../errors.js';
import type { Store } from '../store/store.js';

/**
 * Saved replies: short answers admins keep per customer language, picked in the console's reply
 * box with "/" and filled with the ticket's fields ({{ticket}}, {{customer}}, {{hotel}},
 * {{agent}}, {{topic}}). One JSON list in the store (`saved-replies`), changed by compare-and-set.
 */
export const SavedReplyInput = z
  .object({
    language: z.enum(LANGUAGES),
    title: z.string().trim().min(1).max(80),
    text: z.string().trim().min(1).max(2000),
  })
  .strict();
export type SavedReplyInput = z.infer<typeof SavedReplyInput>;
export interface SavedReply extends SavedReplyInput {
  id: string;
  updatedBy: string;
  updatedAt: string;
}

const KEY = 'saved-replies';
const MAX_ATTEMPTS = 10;

export class SavedReplies {
  constructor(
    private readonly store: Store,
    private readonly now: () => Date,
  ) {}

  async list(): Promise<SavedReply[]> {
    const raw = await this.store.get(KEY);
    return raw ? (JSON.parse(raw) as SavedReply[]) : [];
  }

  private async change(edit: (replies: SavedReply[]) => SavedReply[]): Promise<SavedReply[]> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
      const current = await this.store.getVersioned(KEY);
      const replies = edit(current ? (JSON.parse(current.value) as SavedReply[]) : []);
      if ((await this.store.compareAndSet(KEY, current?.version ?? null, JSON.stringify(replies))) !== null) return replies;
    }
    throw new LockCareError('E_CONFLICT', 'Saved replies changed too often; try again');
  }

  /** Add a saved reply, or replace the one with `id`. */
  async save(input: SavedReplyInput, admin: string, id?: string): Promise<SavedReply> {
    const reply: SavedReply = { ...input, id: id ?? randomUUID(), updatedBy: admin, updatedAt: this.now().toISOString() };
    await this.change((replies) => {
      if (id && !replies.some((item) => item.id === id)) throw new LockCareError('E_NOT_FOUND', 'No saved reply with that id');
      return id ? replies.map((item) => (item.id === id ? reply : item)) : [...replies, reply];
    });
    return reply;
  }

  async remove(id: string): Promise<void> {
    await this.change((replies) => {
      if (!replies.some((item) => item.id === id)) throw new LockCareError('E_NOT_FOUND', 'No saved reply with that id');
      return replies.filter((item) => item.id !== id);
    });
  }
}
