import { describe, expect, it } from 'vitest';
import { createHandoffHarness } from '../helpers/handoff-harness.js';

const DAY = 86_400_000;
const photo = { type: 'media' as const, media: { kind: 'image' as const, mimeType: 'image/jpeg', dataBase64: Buffer.from('jpeg-bytes').toString('base64') } };

describe('ticket retention (TICKET_RETENTION_DAYS)', () => {
  it('a closed ticket and its stored photo are kept for the retention period after closing, then are gone', async () => {
    const { user, setup, clock } = await createHandoffHarness({ env: { TICKET_RETENTION_DAYS: '30' } });
    const u = user();
    await u.say('talk to a person');
    await u.send('', { content: photo });
    expect(await setup.tickets.loadMedia('LC-000001', 0)).not.toBeNull();
    clock.advance(20 * DAY);
    await u.say('cancel');
    await u.say('Cancel the ticket');
    expect((await setup.tickets.get('LC-000001'))?.status).toBe('cancelled');
    clock.advance(29 * DAY);
    expect(await setup.tickets.get('LC-000001')).not.toBeNull();
    expect(await setup.tickets.loadMedia('LC-000001', 0)).not.toBeNull();
    clock.advance(2 * DAY);
    expect(await setup.tickets.get('LC-000001')).toBeNull();
    expect(await setup.tickets.loadMedia('LC-000001', 0)).toBeNull();
  });

  it('a stored photo of a ticket left open never outlives the retention period', async () => {
    const { user, setup, clock } = await createHandoffHarness({ env: { TICKET_RETENTION_DAYS: '30' } });
    const u = user();
    await u.say('talk to a person');
    await u.send('', { content: photo });
    clock.advance(31 * DAY);
    expect(await setup.tickets.loadMedia('LC-000001', 0)).toBeNull();
    expect((await setup.tickets.get('LC-000001'))?.status).toBe('open');
  });
});
