import type { ChannelName, Choice, ConversationState, DialogFrame, JsonObject, Language, MediaAttachment } from './types.js';

/**
 * What the core writes to the store for each conversation: its state and its transcript. Both
 * are written on every turn and kept for every idle conversation, so the stored forms are
 * compact — fields that can be derived (channel and id come from the store key) or that hold
 * their default are left out, and times are epoch milliseconds — while the in-memory shapes
 * (`ConversationState`, `TranscriptEntry`) stay readable. Reading an older or fuller form works:
 * decoding accepts both.
 *
 * Stored state keys: u user, l language, ls language source (absent = default), m mode (absent =
 * bot), tk ticket id, s dialog stack as [id, step?, data?] (step absent = start, data absent = {}),
 * c choices offered as [title, value, title, value, ...] (older states: [[title, value], ...]),
 * f facts (absent = {}), x misunderstood count (absent = 0), r channel reference, a created
 * (epoch ms), b updated (ms after created; absent = 0, as after a conversation's first turn),
 * g greeted.
 */
export interface TranscriptEntry {
  at: string;
  from: 'customer' | 'bot' | 'agent' | 'system';
  author?: string;
  text: string;
  language?: string;
  media?: MediaAttachment;
  choices?: string[];
  /** An agent reply sent translated: what the agent wrote (`text` is what the customer got). */
  original?: string;
  /** The other-language version of `text` (console views; not stored for customer messages). */
  translation?: string;
  /** The model that translated it. */
  model?: string;
}

type StoredFrame = [string, string?, JsonObject?];

interface StoredState {
  u: ConversationState['user'];
  l: Language;
  ls?: ConversationState['languageSource'];
  m?: ConversationState['mode'];
  tk?: string;
  s: Array<StoredFrame | DialogFrame>;
  c?: string[] | Array<[string, string]>;
  f?: JsonObject;
  x?: number;
  r?: JsonObject;
  a: number;
  b?: number;
  g?: 1;
}

function encodeFrame(frame: DialogFrame): StoredFrame {
  const hasData = Object.keys(frame.data).length > 0;
  if (hasData) return [frame.id, frame.step, frame.data];
  return frame.step === 'start' ? [frame.id] : [frame.id, frame.step];
}

function decodeFrame(stored: StoredFrame | DialogFrame): DialogFrame {
  if (!Array.isArray(stored)) return stored;
  const [id, step, data] = stored;
  return { id, step: step ?? 'start', data: data ?? {} };
}

function decodeChoices(stored: NonNullable<StoredState['c']>): Choice[] {
  const choices: Choice[] = [];
  for (let i = 0; i < stored.length; i += 1) {
    const item = stored[i]!;
    if (Array.isArray(item)) choices.push({ title: item[0], value: item[1] });
    else choices.push({ title: item, value: stored[(i += 1)] as string });
  }
  return choices;
}

export function encodeState(state: ConversationState): string {
  const created = Date.parse(state.createdAt);
  const updated = Date.parse(state.updatedAt) - created;
  const stored: StoredState = { u: state.user, l: state.language, s: state.stack.map(encodeFrame), a: created };
  if (updated !== 0) stored.b = updated;
  if (state.languageSource !== 'default') stored.ls = state.languageSource;
  if (state.mode !== 'bot') stored.m = state.mode;
  if (state.ticketId) stored.tk = state.ticketId;
  if (state.lastChoices && state.lastChoices.length > 0) stored.c = state.lastChoices.flatMap((choice) => [choice.title, choice.value]);
  if (Object.keys(state.facts).length > 0) stored.f = state.facts;
  if (state.misunderstood) stored.x = state.misunderstood;
  if (state.reference) stored.r = state.reference;
  if (state.greeted) stored.g = 1;
  return JSON.stringify(stored);
}

/** `key` is the conversation key `${channel}:${conversationId}` (channel names hold no colon). */
export function decodeState(raw: string, key: string): ConversationState {
  const parsed = JSON.parse(raw) as StoredState | ConversationState;
  if ('key' in parsed) return parsed;
  const split = key.indexOf(':');
  const state: ConversationState = {
    key,
    channel: key.slice(0, split) as ChannelName,
    conversationId: key.slice(split + 1),
    user: parsed.u,
    language: parsed.l,
    languageSource: parsed.ls ?? 'default',
    mode: parsed.m ?? 'bot',
    stack: parsed.s.map(decodeFrame),
    facts: parsed.f ?? {},
    misunderstood: parsed.x ?? 0,
    createdAt: new Date(parsed.a).toISOString(),
    updatedAt: new Date(parsed.a + (parsed.b ?? 0)).toISOString(),
    greeted: parsed.g === 1,
  };
  if (parsed.tk) state.ticketId = parsed.tk;
  if (parsed.c) state.lastChoices = decodeChoices(parsed.c);
  if (parsed.r) state.reference = parsed.r;
  return state;
}

const FROM_CODES = { customer: 'c', bot: 'b', agent: 'a', system: 's' } as const;
const FROM_NAMES = { c: 'customer', b: 'bot', a: 'agent', s: 'system' } as const;
type StoredEntry = [number, (typeof FROM_CODES)[TranscriptEntry['from']], string, string?, Pick<TranscriptEntry, 'author' | 'media' | 'choices' | 'original' | 'model'>?];

/** A transcript entry as one short JSON array: [at, from, text, language?, {author, media, choices, original, model}?]. */
export function encodeTranscriptEntry(entry: TranscriptEntry): string {
  const stored: StoredEntry = [Date.parse(entry.at), FROM_CODES[entry.from], entry.text];
  const extra: NonNullable<StoredEntry[4]> = {};
  if (entry.author) extra.author = entry.author;
  if (entry.media) extra.media = entry.media;
  if (entry.choices) extra.choices = entry.choices;
  if (entry.original !== undefined) extra.original = entry.original;
  if (entry.model) extra.model = entry.model;
  const hasExtra = Object.keys(extra).length > 0;
  if (entry.language || hasExtra) stored.push(entry.language ?? '');
  if (hasExtra) stored.push(extra);
  return JSON.stringify(stored);
}

export function decodeTranscriptEntry(raw: string): TranscriptEntry {
  const parsed = JSON.parse(raw) as StoredEntry | TranscriptEntry;
  if (!Array.isArray(parsed)) return parsed;
  const [at, from, text, language, extra] = parsed;
  return {
    at: new Date(at).toISOString(),
    from: FROM_NAMES[from],
    text,
    ...(language ? { language } : {}),
    ...extra,
  };
}
