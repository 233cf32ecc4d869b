import { describe, expect, it } from 'vitest';
import { isValidSignature } from '../../src/channels/whatsapp-cloud/whatsapp-cloud-channel.js';
import { CloudWebhookSchema, decodeCloudMessage, splitCloudWebhook } from '../../src/channels/whatsapp-cloud/whatsapp-cloud-decode.js';
import { encodeCloudMessages, truncateTitle } from '../../src/channels/whatsapp-cloud/whatsapp-cloud-send.js';
import type { RenderedMessage } from '../../src/channels/shared/render.js';
import { cloudWebhook, signWebhook } from '../fixtures/whatsapp-cloud/webhook.js';

const MAX = 16 * 1024 * 1024;
const decodeFixture = (name: string, downloaded?: Parameters<typeof decodeCloudMessage>[2]) => {
  const { messages } = splitCloudWebhook(CloudWebhookSchema.parse(cloudWebhook(name)));
  return decodeCloudMessage(messages[0]!, MAX, downloaded);
};
const contentOf = (name: string, downloaded?: Parameters<typeof decodeCloudMessage>[2]) => {
  const decoded = decodeFixture(name, downloaded);
  if (decoded.kind !== 'message') throw new Error(`not a message: ${decoded.kind}`);
  return decoded.message.content;
};

describe('decodeCloudMessage (Meta\'s documented webhook examples)', () => {
  it('decodes text with the sender, a Spanish hint from +34, the message id and time', () => {
    const decoded = decodeFixture('text');
    expect(decoded).toMatchObject({
      kind: 'message',
      message: {
        channel: 'whatsapp-cloud',
        conversationId: '34612345678',
        user: { id: '34612345678', name: 'Sheena Nelson', phone: '+34612345678' },
        platformMessageId: 'wamid.HBgLMzQ2MTIzNDU2NzgVAgASGBQzQUFGNkY3RTBENUQ0NDJBQjFEOQA=',
        content: { type: 'text', text: 'hola' },
        localeHint: 'es',
        reference: { waId: '34612345678', phoneNumberId: '106540352242922' },
      },
    });
    if (decoded.kind === 'message') expect(decoded.message.receivedAt?.toISOString()).toBe(new Date(1749416383 * 1000).toISOString());
  });

  it('turns button and list replies into the choice value, and a template quick reply into its text', () => {
    expect(contentOf('interactive-button-reply')).toEqual({ type: 'choice', value: 'unique-button-identifier-here', text: 'button-text' });
    expect(contentOf('interactive-list-reply')).toEqual({ type: 'choice', value: 'list_reply_id', text: 'list_reply_title' });
    expect(contentOf('template-quick-reply')).toEqual({ type: 'text', text: 'Leer la respuesta' });
  });

  it('answers location and contacts as unsupported', () => {
    expect(contentOf('location')).toEqual({ type: 'unsupported', platformType: 'location' });
    expect(contentOf('contacts')).toEqual({ type: 'unsupported', platformType: 'contacts' });
  });

  it('takes downloaded images and PDFs through the media intake, with the caption', () => {
    expect(contentOf('image', { mimeType: 'image/jpeg', dataBase64: 'AAEC', sizeBytes: 3 })).toEqual({
      type: 'media',
      media: { kind: 'image', mimeType: 'image/jpeg', sizeBytes: 3, dataBase64: 'AAEC', caption: 'la pantalla parpadea' },
      text: 'la pantalla parpadea',
    });
    expect(contentOf('document', { mimeType: 'application/pdf', dataBase64: 'JVBE', sizeBytes: 3 })).toMatchObject({ type: 'media', media: { kind: 'file', fileName: 'factura.pdf' } });
  });

  it('describes a file over the limit without its bytes', () => {
    const { messages } = splitCloudWebhook(CloudWebhookSchema.parse(cloudWebhook('image')));
    const big = { ...messages[0]!, message: { ...messages[0]!.message, image: { ...messages[0]!.message.image!, file_size: MAX + 1 } } };
    const decoded = decodeCloudMessage(big, MAX);
    expect(decoded).toMatchObject({ kind: 'message', message: { content: { type: 'media', media: { kind: 'image', sizeBytes: MAX + 1 } } } });
    if (decoded.kind === 'message' && decoded.message.content.type === 'media') expect(decoded.message.content.media.dataBase64).toBeUndefined();
  });

  it('splits statuses out of a webhook, failed ones with their error', () => {
    expect(splitCloudWebhook(CloudWebhookSchema.parse(cloudWebhook('status-delivered')))).toMatchObject({ messages: [], statuses: [{ status: 'delivered', recipient_id: '34612345678' }] });
    expect(splitCloudWebhook(CloudWebhookSchema.parse(cloudWebhook('status-failed'))).statuses[0]!.errors).toEqual([expect.objectContaining({ code: 131026 })]);
  });

  it('rejects a body that is not a WhatsApp Business webhook', () => {
    expect(CloudWebhookSchema.safeParse({ object: 'page', entry: [] }).success).toBe(false);
  });
});

describe('webhook signature', () => {
  const raw = Buffer.from(JSON.stringify(cloudWebhook('text')));
  it('accepts the HMAC-SHA256 of the raw body with the app secret, and nothing else', () => {
    expect(isValidSignature(raw, signWebhook(raw.toString(), 'secret'), 'secret')).toBe(true);
    expect(isValidSignature(raw, signWebhook(raw.toString(), 'other'), 'secret')).toBe(false);
    expect(isValidSignature(Buffer.concat([raw, Buffer.from(' ')]), signWebhook(raw.toString(), 'secret'), 'secret')).toBe(false);
    expect(isValidSignature(raw, undefined, 'secret')).toBe(false);
    expect(isValidSignature(raw, 'sha256=abc', 'secret')).toBe(false);
  });
});

describe('encodeCloudMessages', () => {
  const text = (body: string, count = 0): RenderedMessage => ({
    kind: 'text',
    text: body,
    language: 'en',
    dir: 'ltr',
    ...(count > 0 ? { choices: Array.from({ length: count }, (_, index) => ({ title: `Option number ${index + 1} with a long title`, value: `v${index + 1}` })) } : {}),
  });

  it('sends up to 3 choices as reply buttons with titles cut to 20 characters', () => {
    const [payload] = encodeCloudMessages('34600', text('Pick one', 3), 'Choose');
    expect(payload).toMatchObject({ to: '34600', type: 'interactive', interactive: { type: 'button', body: { text: 'Pick one' } } });
    const buttons = (payload!.interactive as { action: { buttons: Array<{ reply: { id: string; title: string } }> } }).action.buttons;
    expect(buttons.map((button) => button.reply.id)).toEqual(['v1', 'v2', 'v3']);
    expect(buttons[0]!.reply.title).toBe('Option number 1…');
    for (const button of buttons) expect([...button.reply.title].length).toBeLessThanOrEqual(20);
  });

  it('sends 4 to 10 choices as a list (full title in the description when cut), more as a numbered text', () => {
    const [list] = encodeCloudMessages('34600', text('Pick one', 10), 'Choose');
    const rows = (list!.interactive as { action: { sections: Array<{ rows: Array<{ title: string; description?: string }> }> } }).action.sections[0]!.rows;
    expect(rows).toHaveLength(10);
    expect(rows[0]).toEqual({ id: 'v1', title: 'Option number 1 with a…', description: 'Option number 1 with a long title' });
    const [numbered] = encodeCloudMessages('34600', text('Pick one', 11), 'Choose');
    expect(numbered).toMatchObject({ type: 'text' });
    expect((numbered!.text as { body: string }).body).toContain('11. Option number 11 with a long title');
  });

  it('splits text at 4,096 characters and keeps an interactive body under 1,024', () => {
    const long = `${'Sentence one is here. '.repeat(400)}`.trim();
    const parts = encodeCloudMessages('34600', text(long), 'Choose');
    expect(parts.length).toBeGreaterThan(2);
    for (const part of parts) expect((part.text as { body: string }).body.length).toBeLessThanOrEqual(4096);
    const withChoices = encodeCloudMessages('34600', text(long.slice(0, 2000), 2), 'Choose');
    expect(withChoices.at(-1)).toMatchObject({ type: 'interactive' });
    expect((withChoices.at(-1)!.interactive as { body: { text: string } }).body.text.length).toBeLessThanOrEqual(1024);
  });

  it('truncates at a word boundary when there is one, and never splits a surrogate pair', () => {
    expect(truncateTitle('Hablar con una persona', 20)).toBe('Hablar con una…');
    expect(truncateTitle('🔒'.repeat(30), 20)).toBe(`${'🔒'.repeat(19)}…`);
    expect(truncateTitle('Short', 20)).toBe('Short');
  });
});
