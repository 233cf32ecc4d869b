import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeTeamsActivity, TeamsActivitySchema, type TeamsActivity } from '../../src/channels/teams/teams-decode.js';
import { buildTeamsAuth } from '../../src/channels/teams/teams-auth.js';
import { ADAPTIVE_CARD, encodeTeamsActivities, TEAMS_CAPABILITIES } from '../../src/channels/teams/teams-send.js';
import { renderForChannel } from '../../src/channels/shared/render.js';
import type { OutboundMessage } from '../../src/core/types.js';

const fixture = (name: string): TeamsActivity => TeamsActivitySchema.parse(JSON.parse(readFileSync(new URL(`../fixtures/teams/${name}.json`, import.meta.url), 'utf8')));
const NOW = new Date('2026-11-21T10:00:02Z');
const MAX = 16 * 1024 * 1024;

describe('decodeTeamsActivity', () => {
  it('decodes a personal Spanish text message with its locale, time zone and conversation reference', () => {
    const decoded = decodeTeamsActivity(fixture('message-personal-es'), NOW, MAX);
    expect(decoded.kind).toBe('message');
    if (decoded.kind !== 'message') return;
    const { message } = decoded;
    expect(message.content).toEqual({ type: 'text', text: 'Hola, la cerradura de la habitación 305 no abre con la tarjeta' });
    expect(message.localeHint).toBe('es-ES');
    expect(message.timeZone).toBe('Europe/Madrid');
    expect(message.user).toEqual({ id: '29:1s7KXWyXqUu2VhqL2pRk9Qp0bXzTtP3aPz7hQ1m4X9yZ5eGdA8cJ6wBv3nLq0rT2uYi', name: 'Lucía Fernández' });
    expect(message.platformMessageId).toContain('1763719201447');
    expect(message.reference).toMatchObject({
      serviceUrl: 'https://smba.trafficmanager.net/emea/',
      channelId: 'msteams',
      conversation: { id: message.conversationId, conversationType: 'personal', tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47' },
      agent: { id: '28:9d2c4b7a-1e3f-4a5b-8c6d-7e8f9a0b1c2d' },
      user: { id: message.user.id },
    });
  });

  it('takes an Adaptive Card answer as the exact choice value', () => {
    const decoded = decodeTeamsActivity(fixture('message-card-submit-groupchat'), NOW, MAX);
    expect(decoded.kind === 'message' && decoded.message.content).toEqual({ type: 'choice', value: 'menu:warranty' });
  });

  it('strips the @mention of the bot in a channel', () => {
    const decoded = decodeTeamsActivity(fixture('message-channel-mention'), NOW, MAX);
    expect(decoded.kind === 'message' && decoded.message.content).toEqual({ type: 'text', text: 'the lock in room 1204 beeps three times' });
  });

  it('turns an inline picture into image media with the text as caption, ignoring the text/html copy', () => {
    const decoded = decodeTeamsActivity(fixture('message-inline-image'), NOW, MAX);
    expect(decoded.kind === 'message' && decoded.message.content).toMatchObject({
      type: 'media',
      text: 'Esta es la pantalla de la cerradura',
      media: { kind: 'image', url: expect.stringContaining('/views/original'), caption: 'Esta es la pantalla de la cerradura' },
    });
  });

  it('turns an uploaded video file into video media', () => {
    const decoded = decodeTeamsActivity(fixture('message-file-upload'), NOW, MAX);
    expect(decoded.kind === 'message' && decoded.message.content).toMatchObject({
      type: 'media',
      media: { kind: 'video', mimeType: 'video/mp4', fileName: 'fallo-puerta-305.mp4', url: expect.stringContaining('download.aspx') },
    });
  });

  it('marks a card-only message (sticker) unsupported', () => {
    const decoded = decodeTeamsActivity(fixture('message-sticker-card'), NOW, MAX);
    expect(decoded.kind === 'message' && decoded.message.content).toEqual({ type: 'unsupported', platformType: 'application/vnd.microsoft.card.hero' });
  });

  it('welcomes a user who installs the bot, once per conversation, but not the bot joining a team', () => {
    const welcome = decodeTeamsActivity(fixture('conversation-update-personal'), NOW, MAX);
    expect(welcome.kind).toBe('welcome');
    expect(welcome.kind === 'welcome' && welcome.message.platformMessageId).toBe(`welcome|${fixture('conversation-update-personal').conversation.id}`);
    expect(decodeTeamsActivity(fixture('conversation-update-bot-added-to-team'), NOW, MAX)).toMatchObject({ kind: 'ignored' });
    expect(decodeTeamsActivity(fixture('message-reaction'), NOW, MAX)).toMatchObject({ kind: 'ignored', reason: 'activity type messageReaction' });
  });

  it('rejects a payload without serviceUrl or conversation', () => {
    const body = JSON.parse(readFileSync(new URL('../fixtures/teams/message-personal-es.json', import.meta.url), 'utf8')) as Record<string, unknown>;
    expect(TeamsActivitySchema.safeParse({ ...body, serviceUrl: undefined }).success).toBe(false);
    expect(TeamsActivitySchema.safeParse({ ...body, serviceUrl: 'file:///etc/passwd' }).success).toBe(false);
    expect(TeamsActivitySchema.safeParse({ ...body, conversation: undefined }).success).toBe(false);
  });
});

describe('encodeTeamsActivities', () => {
  const menu: OutboundMessage = {
    reply: { type: 'text', text: '¿En qué puedo ayudarte?', choices: [{ title: 'Resolver un problema', value: 'menu:troubleshoot' }, { title: 'Garantía', value: 'menu:warranty' }] },
    language: 'es',
    dir: 'ltr',
    author: { kind: 'bot' },
  };

  it('shows choices as suggested actions in a personal chat, posting the title back', () => {
    const [activity] = encodeTeamsActivities(renderForChannel([menu], TEAMS_CAPABILITIES), { conversationType: 'personal', userId: '29:u' });
    expect(activity).toEqual({
      type: 'message',
      text: '¿En qué puedo ayudarte?',
      locale: 'es',
      suggestedActions: {
        to: ['29:u'],
        actions: [
          { type: 'imBack', title: 'Resolver un problema', value: 'Resolver un problema' },
          { type: 'imBack', title: 'Garantía', value: 'Garantía' },
        ],
      },
    });
  });

  it('uses an Adaptive Card with the exact values in group chats, right-to-left for Arabic, text intact', () => {
    const arabic: OutboundMessage = { ...menu, reply: { type: 'text', text: 'كيف أساعدك؟ اختر رقم 2.', choices: [{ title: 'الضمان', value: 'menu:warranty' }] }, language: 'ar', dir: 'rtl' };
    const [activity] = encodeTeamsActivities(renderForChannel([arabic], TEAMS_CAPABILITIES), { conversationType: 'groupChat' });
    expect(activity!.text).toBe('كيف أساعدك؟ اختر رقم 2.');
    expect(activity!.attachments![0]).toMatchObject({
      contentType: ADAPTIVE_CARD,
      content: { type: 'AdaptiveCard', rtl: true, actions: [{ type: 'Action.Submit', title: 'الضمان', data: { choice: 'menu:warranty' } }] },
    });
  });

  it('labels an agent reply with the agent name', () => {
    const reply: OutboundMessage = { reply: { type: 'text', text: 'Voy a revisar el registro.' }, language: 'es', dir: 'ltr', author: { kind: 'agent', name: 'María' } };
    expect(encodeTeamsActivities(renderForChannel([reply], TEAMS_CAPABILITIES))[0]!.text).toBe('María: Voy a revisar el registro.');
  });
});

describe('buildTeamsAuth', () => {
  it('is anonymous without an app id, and warns', () => {
    const auth = buildTeamsAuth({});
    expect(auth.anonymous).toBe(true);
    expect(auth.warnings.join(' ')).toContain('ANONYMOUS');
  });

  it('validates tokens for an app id with a password and a tenant', () => {
    const auth = buildTeamsAuth({ appId: 'app-1', appPassword: 'secret', tenantId: 'tenant-1' });
    expect(auth.anonymous).toBe(false);
    expect(auth.authConfig.connections?.get('serviceConnection')).toMatchObject({ clientId: 'app-1', clientSecret: 'secret', tenantId: 'tenant-1', validateIssuer: true });
  });

  it('refuses half-configured credentials with a message naming the variables', () => {
    expect(() => buildTeamsAuth({ appId: 'app-1' })).toThrow(/MICROSOFT_APP_PASSWORD/);
    expect(() => buildTeamsAuth({ appPassword: 'secret' })).toThrow(/MICROSOFT_APP_ID/);
    expect(() => buildTeamsAuth({ appId: 'app-1', certKeyFile: '/nonexistent.pem' })).toThrow(/MICROSOFT_APP_CERT_FILE/);
  });
});
