import { dedupeKeyOf, stateKeyOf } from '../core/conversation-core.js';
import { transcriptKeyOf } from '../core/transcript.js';
import { decodeState, decodeTranscriptEntry, type TranscriptEntry } from '../core/stored-forms.js';
import { CHANNEL_NAMES, type ConversationState } from '../core/types.js';
import { LockCareError } from '../errors.js';
import { SLA_LEVELS, SLA_TIMERS_KEY, timerMember } from '../handoff/sla-timers.js';
import type { Ticket } from '../handoff/ticket-types.js';
import type { Store } from '../store/store.js';
import type { RegistryRecord } from '../warranty/registry-record.js';
import { emailsMatch, normalizePhone, phonesMatch } from '../warranty/verification.js';

/**
 * Data-subject requests (`lockcare data export|erase`): everything the store holds about one
 * person, found by phone number or by conversation. The key names are the ones the features use
 * (conversation core, tickets, contact guard, web chat, warranty verification); the registry is
 * the vendor's product list, so an erase keeps its rows and blanks only the personal fields.
 */
export type PersonQuery = { phone: string } | { conversation: string };

export interface ConversationData {
  key: string;
  state: ConversationState | null;
  transcript: TranscriptEntry[];
}

export interface TicketData {
  ticket: Ticket;
  /** The customer's files kept with the ticket (base64 as stored). */
  media: Array<{ index: number; dataBase64: string | null }>;
}

export interface PersonData {
  query: PersonQuery;
  conversations: ConversationData[];
  tickets: TicketData[];
  registry: RegistryRecord[];
  /** Every other key kept for these conversations (dedupe claims, reply window, web chat token, verification counters). */
  otherKeys: string[];
}

export interface ErasureReport {
  query: PersonQuery;
  conversations: string[];
  tickets: string[];
  mediaFiles: number;
  otherKeys: number;
  /** Registry rows whose personal fields (customer, phone, email) were blanked; rows stay. */
  registryRowsBlanked: string[];
}

const REGISTRY_PREFIX = 'warranty:registry:serial:';
const TICKET_PREFIX = 'ticket:';
const NOT_TICKETS = new Set(['ticket:seq']);

/** Keys beside a conversation's state that hold data about it, by prefix (with the conversation key or id). */
function satellitePrefixes(key: string): string[] {
  const split = key.indexOf(':');
  const channel = key.slice(0, split);
  const id = key.slice(split + 1);
  return [
    dedupeKeyOf(key, ''),
    `contact:${channel}:${id}`,
    `ticket:open-of:${key}`,
    `warranty:verify-failures:${key}`,
    `warranty:verify-lock:${key}`,
    `warranty:verify-attempt:${key}:`,
    ...(channel === 'web' ? [`web:token:${id}`] : []),
  ];
}

/**
 * Keys that belong to one conversation exactly (a prefix would also match a longer number): the
 * WhatsApp Cloud channel's agent text held until the customer writes, and its latest hold.
 */
function satelliteKeys(key: string): string[] {
  const split = key.indexOf(':');
  const channel = key.slice(0, split);
  const id = key.slice(split + 1);
  return channel === 'whatsapp-cloud' ? [`whatsapp-cloud:held:${id}`, `whatsapp-cloud:latest-hold:${id}`] : [];
}

function samePhone(a: string | undefined, b: string | null | undefined): boolean {
  return Boolean(a && b) && phonesMatch(a, b ?? null);
}

/** The phone a conversation is with: the one the channel gave, or a WhatsApp chat id's number. */
function phoneOf(state: ConversationState): string | undefined {
  if (state.user.phone) return state.user.phone;
  return state.channel === 'whatsapp' && /^\d+@c\.us$/.test(state.conversationId) ? state.conversationId.split('@')[0] : undefined;
}

async function findConversationKeys(store: Store, query: PersonQuery): Promise<string[]> {
  if ('conversation' in query) {
    const wanted = query.conversation.trim();
    if (!wanted) throw new LockCareError('E_USAGE', '--conversation needs an id');
    const candidates = CHANNEL_NAMES.some((channel) => wanted.startsWith(`${channel}:`)) ? [wanted] : CHANNEL_NAMES.map((channel) => `${channel}:${wanted}`);
    const found: string[] = [];
    for (const key of candidates) if ((await store.get(stateKeyOf(key))) !== null || (await store.listRange(transcriptKeyOf(key), 0, 0)).length > 0) found.push(key);
    return found;
  }
  if (normalizePhone(query.phone).length < 6) throw new LockCareError('E_USAGE', '--phone needs a full number with its country code');
  const found: string[] = [];
  const statePrefix = stateKeyOf('').slice(0, -1); // `conv:{`
  for (const stateKey of await store.keysWithPrefix(statePrefix)) {
    const key = stateKey.slice(statePrefix.length, -1);
    const raw = await store.get(stateKey);
    if (raw && samePhone(query.phone, phoneOf(decodeState(raw, key)))) found.push(key);
  }
  return found.sort();
}

async function findTickets(store: Store, conversationKeys: readonly string[], phone: string | undefined): Promise<Ticket[]> {
  const tickets: Ticket[] = [];
  for (const key of await store.keysWithPrefix(TICKET_PREFIX)) {
    if (NOT_TICKETS.has(key) || key.startsWith('ticket:open-of:')) continue;
    const raw = await store.get(key);
    if (!raw) continue;
    const ticket = JSON.parse(raw) as Ticket;
    if (conversationKeys.includes(ticket.conversationKey) || samePhone(phone, ticket.customer?.phone)) tickets.push(ticket);
  }
  return tickets.sort((a, b) => a.id.localeCompare(b.id));
}

async function findRegistryRows(store: Store, phones: ReadonlySet<string>, emails: ReadonlySet<string>): Promise<Array<{ key: string; record: RegistryRecord }>> {
  if (phones.size === 0 && emails.size === 0) return [];
  const rows: Array<{ key: string; record: RegistryRecord }> = [];
  for (const key of await store.keysWithPrefix(REGISTRY_PREFIX)) {
    const raw = await store.get(key);
    if (!raw) continue;
    const record = JSON.parse(raw) as RegistryRecord;
    if ([...phones].some((phone) => samePhone(phone, record.phone)) || [...emails].some((email) => emailsMatch(email, record.email))) rows.push({ key, record });
  }
  return rows.sort((a, b) => a.key.localeCompare(b.key));
}

async function gather(store: Store, query: PersonQuery) {
  const keys = await findConversationKeys(store, query);
  const conversations: ConversationData[] = [];
  for (const key of keys) {
    const raw = await store.get(stateKeyOf(key));
    conversations.push({ key, state: raw ? decodeState(raw, key) : null, transcript: (await store.listRange(transcriptKeyOf(key))).map(decodeTranscriptEntry) });
  }
  const phones = new Set<string>();
  if ('phone' in query) phones.add(query.phone);
  for (const { state } of conversations) if (state && phoneOf(state)) phones.add(phoneOf(state)!);
  const tickets = await findTickets(store, keys, 'phone' in query ? query.phone : undefined);
  for (const ticket of tickets) if (ticket.customer?.phone) phones.add(ticket.customer.phone);
  // An e-mail customer's address finds the registry rows that carry it (the optional `email` column).
  const emails = new Set(conversations.flatMap(({ state }) => (state?.user.email ? [state.user.email] : [])));
  const registry = await findRegistryRows(store, phones, emails);
  const otherKeys: string[] = [];
  for (const key of keys) for (const prefix of satellitePrefixes(key)) otherKeys.push(...(await store.keysWithPrefix(prefix)));
  for (const key of keys) for (const exact of satelliteKeys(key)) otherKeys.push(...(await store.keysWithPrefix(exact)).filter((found) => found === exact));
  return { keys, conversations, tickets, registry, otherKeys: [...new Set(otherKeys)].sort() };
}

/** Everything held about the person, as one JSON-ready object. */
export async function exportPersonData(store: Store, query: PersonQuery): Promise<PersonData> {
  const found = await gather(store, query);
  const tickets: TicketData[] = [];
  for (const ticket of found.tickets) {
    const media = await Promise.all(ticket.media.map(async (item) => ({ index: item.index, dataBase64: await store.get(`ticket-media:${ticket.id}:${item.index}`) })));
    tickets.push({ ticket, media });
  }
  return { query, conversations: found.conversations, tickets, registry: found.registry.map((row) => row.record), otherKeys: found.otherKeys };
}

/** Delete everything held about the person; with `includeRegistry`, blank the personal fields of their registry rows too. */
export async function erasePersonData(store: Store, query: PersonQuery, options: { includeRegistry: boolean }): Promise<ErasureReport> {
  const found = await gather(store, query);
  for (const key of found.keys) {
    await store.delete(stateKeyOf(key));
    await store.delete(transcriptKeyOf(key));
  }
  let mediaFiles = 0;
  for (const ticket of found.tickets) {
    for (const item of ticket.media) if (await store.delete(`ticket-media:${ticket.id}:${item.index}`)) mediaFiles += 1;
    for (const level of SLA_LEVELS) await store.sortedRemove(SLA_TIMERS_KEY, timerMember(ticket.id, level));
    await store.setRemove('tickets:open', ticket.id);
    await store.sortedRemove('tickets:all', ticket.id);
    await store.delete(`ticket:open-of:${ticket.conversationKey}`);
    await store.delete(`${TICKET_PREFIX}${ticket.id}`);
  }
  let otherKeys = 0;
  for (const key of found.otherKeys) if (await store.delete(key)) otherKeys += 1;
  const registryRowsBlanked: string[] = [];
  if (options.includeRegistry) {
    for (const { key, record } of found.registry) {
      await store.set(key, JSON.stringify({ ...record, customer: null, phone: null, ...(record.email ? { email: null } : {}) }));
      registryRowsBlanked.push(record.serial);
    }
  }
  return { query, conversations: found.keys, tickets: found.tickets.map((ticket) => ticket.id), mediaFiles, otherKeys, registryRowsBlanked };
}
