import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ConversationCore } from '../../src/core/conversation-core.js';
import { baseFeature } from '../../dialogs/base-feature.js';
import { followUpHandoff } from '../../src/core/follow-up-handoff.js';
import { conversationLogRef, createLogger } from '../../src/logger.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { testTranslator } from '../helpers/core-harness.js';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, logger: createLogger({ level: 'debug', destination }) };
}

describe('logs keep personal data out', () => {
  it('a failed WhatsApp turn is logged without the phone number or the message text', async () => {
    const { lines, logger } = capture();
    const core = new ConversationCore({
      store: new MemoryStore(),
      logger,
      translator: testTranslator(),
      handoff: followUpHandoff,
      features: [
        baseFeature,
        {
          name: 'broken',
          dialogs: [{ id: 'troubleshoot', begin: () => Promise.reject(new Error('boom')), continue() {} }],
        },
      ],
    });
    const result = await core.handle({
      channel: 'whatsapp',
      conversationId: '34600111222@c.us',
      user: { id: '34600111222@c.us', phone: '+34600111222', name: 'Lucía Pérez' },
      platformMessageId: 'wamid.1',
      content: { type: 'text', text: 'la puerta de la 305 no abre' },
    });
    expect(result.outbound).toHaveLength(1);
    const log = lines.join('');
    expect(log).toContain('turn failed');
    expect(log).toContain(conversationLogRef('whatsapp:34600111222@c.us'));
    expect(log).not.toContain('34600111222');
    expect(log).not.toContain('Lucía');
    expect(log).not.toContain('305 no abre');
  });

  it('gives one conversation the same short reference every time, and others a different one', () => {
    expect(conversationLogRef('whatsapp:34600111222@c.us')).toBe(conversationLogRef('whatsapp:34600111222@c.us'));
    expect(conversationLogRef('whatsapp:34600111222@c.us')).toMatch(/^whatsapp:[0-9a-f]{12}$/);
    expect(conversationLogRef('whatsapp:34600111223@c.us')).not.toBe(conversationLogRef('whatsapp:34600111222@c.us'));
  });
});
