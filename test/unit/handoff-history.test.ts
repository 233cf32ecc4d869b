import { describe, expect, it } from 'vitest';
import type { ChannelName } from '../../src/core/types.js';
import { TicketHistory } from '../../src/handoff/ticket-history.js';
import { createHandoffHarness } from '../helpers/handoff-harness.js';

describe('customer history and closed-ticket search', () => {
  it('lists the same customer\'s earlier tickets across channels (phone, WeChat id, Teams user, e-mail) with their outcome', async () => {
    const { setup, store, clock } = await createHandoffHarness();
    let n = 0;
    const open = async (channel: ChannelName, customer: { id: string; name?: string; phone?: string }, facts = {}) => {
      n += 1;
      clock.advance(60_000);
      const conversationId = `${customer.id}-${n}`;
      return (
        await setup.tickets.create({
          channel,
          conversationId,
          conversationKey: `${channel}:${conversationId}`,
          language: 'en',
          priority: 'normal',
          reason: 'user-request',
          customer,
          facts,
          lastMessages: [{ at: clock.now().toISOString(), from: 'customer', text: `message ${n} about the lobby door` }],
          sourceMessageId: `m${n}`,
        })
      ).ticket;
    };
    const first = await open('whatsapp', { id: '971501234567', name: 'Hotel Azul' }, { serial: 'RF200-2402-00231' });
    await setup.desk.resolve(first.id, 'maria');
    const wechat = await open('wechat', { id: 'wxid_abc', phone: '+971 50 123 4567' });
    const stranger = await open('whatsapp', { id: '34600111222' });
    const teams = await open('teams', { id: 'aad-user-1' });
    const teamsAgain = await open('teams', { id: 'aad-user-1' });
    const current = await open('whatsapp', { id: '971501234567' });

    const history = new TicketHistory(store);
    const earlier = await history.earlier(current);
    expect(earlier.map((ticket) => [ticket.id, ticket.channel, ticket.resolution])).toEqual([
      [wechat.id, 'wechat', null],
      [first.id, 'whatsapp', 'resolved'],
    ]);
    expect((await history.earlier(teamsAgain)).map((ticket) => ticket.id)).toEqual([teams.id]);
    expect(await history.earlier(stranger)).toEqual([]);

    // Search finds closed tickets only, by id, serial, customer or text.
    expect((await history.searchClosed('rf200-2402')).map((ticket) => ticket.id)).toEqual([first.id]);
    expect((await history.searchClosed('Hotel Azul')).map((ticket) => ticket.id)).toEqual([first.id]);
    expect((await history.searchClosed(first.id)).map((ticket) => ticket.id)).toEqual([first.id]);
    expect((await history.searchClosed('lobby door')).map((ticket) => ticket.id)).toEqual([first.id]);
    expect(await history.searchClosed('nothing like this')).toEqual([]);
  });
});
