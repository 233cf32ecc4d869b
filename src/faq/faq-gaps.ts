import { randomUUID } from 'node:crypto';
import type { Language } from '../core/types.js';
import type { Store } from '../store/store.js';

/**
 * Learning from use: a message the bot was not confident about (it asked between two topics or
 * listed three), and the topic the user then picked — or the agent tagged — kept for
 * FAQ_GAPS_RETENTION_DAYS and exported by `lockcare faq gaps` as candidate examples for a
 * content editor. Nothing is ever added to the examples automatically.
 *
 * Each gap is one key with the retention as its TTL (`faq:gap:<id>`), listed in a sorted set by
 * time (`faq:gaps`); the export drops index entries whose record has expired.
 */

export interface FaqGap {
  id: string;
  /** ISO time the message was received. */
  at: string;
  lang: Language;
  text: string;
  /** What the bot offered: the two topics it asked about, or the three it listed. */
  offered: string[];
  /** The topic the user picked or the agent tagged; absent while nobody has. */
  picked?: string;
  pickedBy?: 'user' | 'agent';
}

/**
 * The conversation fact (`state.facts.faqGaps`, copied onto a ticket's facts) listing the gaps
 * nobody picked a topic for: an agent's topic tag on the ticket resolves them. Ids only.
 */
export const GAPS_FACT = 'faqGaps';

/** The gap ids a conversation's (or ticket's) facts carry. */
export function carriedGaps(facts: Record<string, unknown>): string[] {
  const carried = facts[GAPS_FACT];
  return Array.isArray(carried) ? carried.filter((id): id is string => typeof id === 'string') : [];
}

const INDEX = 'faq:gaps';
const keyOf = (id: string) => `faq:gap:${id}`;
/** A message longer than this is cut: examples are short, and the store holds only what is needed. */
const MAX_TEXT = 400;

export class FaqGapStore {
  constructor(
    private readonly store: Store | undefined,
    private readonly retentionMs: number,
  ) {}

  /** Recording is on: a store and a retention above zero. */
  get enabled(): boolean {
    return this.store !== undefined && this.retentionMs > 0;
  }

  private get required(): Store {
    if (!this.store) throw new Error('FAQ gaps: no store');
    return this.store;
  }

  /** Record an unsure message; returns its id (undefined when recording is off). */
  async record(gap: { text: string; lang: Language; offered: string[]; at: Date }): Promise<string | undefined> {
    if (!this.enabled || !gap.text.trim()) return undefined;
    const id = randomUUID();
    const record: FaqGap = { id, at: gap.at.toISOString(), lang: gap.lang, text: gap.text.trim().slice(0, MAX_TEXT), offered: gap.offered };
    await this.required.set(keyOf(id), JSON.stringify(record), this.retentionMs);
    await this.required.sortedAdd(INDEX, id, gap.at.getTime());
    return id;
  }

  /**
   * The topic the user picked (or an agent tagged) for a recorded message; the record keeps its
   * expiry. The customer's own pick stands: an agent's tag never replaces it (false then), while a
   * later tag replaces an earlier one (an agent re-tagging the ticket).
   */
  async resolve(id: string, topic: string, by: 'user' | 'agent'): Promise<boolean> {
    if (!this.enabled) return false;
    const store = this.required;
    const raw = await store.get(keyOf(id));
    if (!raw) return false;
    const earlier = JSON.parse(raw) as FaqGap;
    if (by === 'agent' && earlier.pickedBy === 'user') return false;
    const record: FaqGap = { ...earlier, picked: topic, pickedBy: by };
    const remaining = await store.ttl(keyOf(id));
    await store.set(keyOf(id), JSON.stringify(record), remaining && remaining > 0 ? remaining : this.retentionMs);
    return true;
  }

  /** Every gap still within retention, oldest first; index entries of expired records are removed. */
  async list(): Promise<FaqGap[]> {
    if (!this.store) return [];
    const store = this.store;
    const index = await store.sortedAll(INDEX);
    if (index.length === 0) return [];
    const raws = await store.getMany(index.map(({ member }) => keyOf(member)));
    const gaps: FaqGap[] = [];
    for (const [position, raw] of raws.entries()) {
      if (raw) gaps.push(JSON.parse(raw) as FaqGap);
      else await store.sortedRemove(INDEX, index[position]!.member);
    }
    return gaps;
  }
}
