import { describe, expect, it } from 'vitest';
import { decodeWhatsappMessage, type WhatsappDecodeOptions } from '../../src/channels/whatsapp/whatsapp-decode.js';
import { loadFixture, messageFrom } from '../fixtures/whatsapp/fake-whatsapp-client.js';

const options: WhatsappDecodeOptions = { allowGroups: false, mediaMaxBytes: 16 * 1024 * 1024, now: new Date('2026-11-21T10:00:00Z') };
const decode = (name: Parameters<typeof loadFixture>[0], extra: Partial<WhatsappDecodeOptions> = {}) =>
  decodeWhatsappMessage(messageFrom(loadFixture(name, options.now)), { ...options, ...extra });

describe('decodeWhatsappMessage (recorded whatsapp-web.js messages)', () => {
  it('decodes a text message with the sender, phone, language hint, platform id and chat reference', async () => {
    expect(await decode('text')).toEqual({
      kind: 'message',
      message: {
        channel: 'whatsapp',
        conversationId: '34612345678@c.us',
        user: { id: '34612345678@c.us', name: 'Carlos Ruiz', phone: '+34612345678' },
        platformMessageId: 'false_34612345678@c.us_3EB0C4A1F2D7B8E9A1B2',
        content: { type: 'text', text: 'Hola, la cerradura de la habitación 305 no abre' },
        localeHint: 'es',
        // The fixture is rebased: its first recorded message lands ten minutes before the test's clock.
        receivedAt: new Date(options.now!.getTime() - 600_000),
        reference: { chatId: '34612345678@c.us' },
      },
    });
  });

  it('turns a reply to a list into the chosen value', async () => {
    const result = await decode('list-reply');
    expect(result.kind === 'message' && result.message.content).toEqual({ type: 'choice', value: 'menu:warranty', text: 'Consultar garantía' });
  });

  it('downloads a photo with its caption', async () => {
    const result = await decode('image-caption');
    expect(result.kind === 'message' && result.message.content).toMatchObject({
      type: 'media',
      text: 'La pantalla del cerrojo muestra E4',
      media: { kind: 'image', mimeType: 'image/png', sizeBytes: 68, caption: 'La pantalla del cerrojo muestra E4', dataBase64: expect.stringMatching(/^iVBOR/) },
    });
  });

  it('takes a voice note as audio', async () => {
    const result = await decode('voice-note');
    expect(result.kind === 'message' && result.message.content).toMatchObject({ type: 'media', media: { kind: 'audio', mimeType: 'audio/ogg; codecs=opus' } });
  });

  it('takes a PDF document with its file name', async () => {
    const result = await decode('document-pdf');
    expect(result.kind === 'message' && result.message.content).toMatchObject({
      type: 'media',
      media: { kind: 'file', mimeType: 'application/pdf', fileName: 'factura-2024-118.pdf', dataBase64: expect.any(String) },
    });
  });

  it('never downloads a video over the size cap; the ticket gets its description', async () => {
    let downloaded = false;
    const raw = messageFrom(loadFixture('video-too-large'));
    raw.downloadMedia = async () => {
      downloaded = true;
      return undefined;
    };
    const result = await decodeWhatsappMessage(raw, options);
    expect(downloaded).toBe(false);
    expect(result.kind === 'message' && result.message.content).toEqual({
      type: 'media',
      text: 'Así suena el motor',
      media: { kind: 'video', mimeType: 'video/mp4', sizeBytes: 52428800, caption: 'Así suena el motor' },
    });
  });

  it('decodes a shared location', async () => {
    const result = await decode('location');
    expect(result.kind === 'message' && result.message.content).toMatchObject({ type: 'media', media: { kind: 'location', latitude: 40.4168, longitude: -3.7038 } });
  });

  it.each([
    ['sticker', 'sticker'],
    ['call-log', 'call_log'],
  ] as const)('a %s is "unsupported"', async (name, platformType) => {
    const result = await decode(name);
    expect(result.kind === 'message' && result.message.content).toEqual({ type: 'unsupported', platformType });
  });

  it.each([
    ['status-broadcast', 'status'],
    ['own-message', 'own'],
    ['group-message', 'group'],
  ] as const)('ignores a %s', async (name, reason) => {
    expect(await decode(name)).toMatchObject({ kind: 'ignored', reason });
  });

  it('answers groups when allowed: the group is the conversation, the author the user', async () => {
    const result = await decode('group-message', { allowGroups: true });
    expect(result).toMatchObject({
      kind: 'message',
      message: { conversationId: '120363041234567890@g.us', user: { id: '34698765432@c.us', phone: '+34698765432' }, localeHint: 'es' },
    });
  });

  it('resolves a hidden (@lid) sender to a phone number when the client can', async () => {
    const raw = messageFrom(loadFixture('text'), { from: '271828182845904@lid' });
    const result = await decodeWhatsappMessage(raw, { ...options, resolvePhone: async () => '971501234567@c.us' });
    expect(result).toMatchObject({ kind: 'message', message: { user: { id: '271828182845904@lid', phone: '+971501234567' }, localeHint: 'ar' } });
  });

  it('drops a message that fails the schema instead of guessing', async () => {
    const result = await decodeWhatsappMessage({ from: 42, type: 'chat' }, options);
    expect(result).toMatchObject({ kind: 'ignored', reason: 'invalid' });
  });
});
