import { describe, expect, it } from 'vitest';
import { decodeState, decodeTranscriptEntry, encodeState, encodeTranscriptEntry, type TranscriptEntry } from '../../src/core/stored-forms.js';
import type { ConversationState } from '../../src/core/types.js';

const fresh: ConversationState = {
  key: 'whatsapp:34600111222@c.us',
  channel: 'whatsapp',
  conversationId: '34600111222@c.us',
  user: { id: '34600111222@c.us', phone: '+34600111222' },
  language: 'es',
  languageSource: 'default',
  mode: 'bot',
  stack: [{ id: 'main-menu', step: 'start', data: {} }],
  facts: {},
  misunderstood: 0,
  createdAt: '2026-11-21T10:00:00.000Z',
  updatedAt: '2026-11-21T10:00:05.000Z',
  greeted: false,
};

const busy: ConversationState = {
  ...fresh,
  languageSource: 'explicit',
  mode: 'waiting',
  ticketId: 'LC-000042',
  lastChoices: [{ title: 'Sí', value: 'faq:step:0' }, { title: 'No', value: 'faq:step:1' }],
  facts: { topic: 'card-rejected', troubleshooting: { path: ['beep', 'battery'] } },
  misunderstood: 1,
  reference: { chatId: '34600111222@c.us' },
  greeted: true,
};

describe('stored forms', () => {
  it.each([
    ['a new conversation', fresh],
    ['one with every field set', busy],
  ])('state survives a round trip: %s', (_name, state) => {
    expect(decodeState(encodeState(state), state.key)).toEqual(state);
  });

  it('leaves out what the key or the defaults give', () => {
    const stored = JSON.parse(encodeState(fresh)) as Record<string, unknown>;
    expect(Object.keys(stored).sort()).toEqual(['a', 'b', 'l', 's', 'u']);
    expect(encodeState(fresh).length).toBeLessThan(JSON.stringify(fresh).length / 2);
  });

  it('leaves out the update time when the state was written in the turn that made it', () => {
    const first = { ...busy, updatedAt: busy.createdAt };
    const encoded = encodeState(first);
    expect(Object.keys(JSON.parse(encoded) as object)).not.toContain('b');
    expect(decodeState(encoded, first.key)).toEqual(first);
  });

  it('still reads choices stored as [title, value] pairs', () => {
    const stored = JSON.parse(encodeState(busy)) as Record<string, unknown>;
    expect(stored.c).toEqual(['Sí', 'faq:step:0', 'No', 'faq:step:1']);
    stored.c = [['Sí', 'faq:step:0'], ['No', 'faq:step:1']];
    expect(decodeState(JSON.stringify(stored), busy.key)).toEqual(busy);
  });

  it('splits the key at the first colon only (conversation ids may hold colons)', () => {
    const teams = { ...fresh, key: 'teams:a:1xYz:29', channel: 'teams' as const, conversationId: 'a:1xYz:29' };
    expect(decodeState(encodeState(teams), teams.key)).toMatchObject({ channel: 'teams', conversationId: 'a:1xYz:29' });
  });

  it('still reads a state written in the full form', () => {
    expect(decodeState(JSON.stringify(busy), busy.key)).toEqual(busy);
  });

  it.each<[string, TranscriptEntry]>([
    ['a customer line', { at: '2026-11-21T10:00:00.000Z', from: 'customer', text: 'الباب ما يفتح 305', language: 'ar' }],
    ['a bot line with choices', { at: '2026-11-21T10:00:01.000Z', from: 'bot', text: '¿Pita la cerradura?', language: 'es', choices: ['Sí', 'No'] }],
    ['an agent line', { at: '2026-11-21T10:05:00.000Z', from: 'agent', author: 'Ana', text: 'Hola', language: 'es' }],
    ['a line without language', { at: '2026-11-21T10:05:00.000Z', from: 'system', text: 'LC-000042' }],
    ['media', { at: '2026-11-21T10:06:00.000Z', from: 'customer', text: 'foto', media: { kind: 'image', mimeType: 'image/jpeg', sizeBytes: 1200 } }],
  ])('a transcript entry survives a round trip: %s', (_name, entry) => {
    expect(decodeTranscriptEntry(encodeTranscriptEntry(entry))).toEqual(entry);
  });

  it('reads transcript entries written as objects', () => {
    const entry: TranscriptEntry = { at: '2026-11-21T10:00:00.000Z', from: 'bot', text: 'hi', language: 'en' };
    expect(decodeTranscriptEntry(JSON.stringify(entry))).toEqual(entry);
  });
});
