import type { EventEmitter } from 'node:events';
import { FileBox } from 'file-box';
import { ScanStatus, WechatyBuilder, type Wechaty } from 'wechaty';
import { PuppetMock, mock } from 'wechaty-puppet-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { getPairingStates } from '../../src/channels/shared/pairing.js';
import { createWechatChannel, type WechatChannelSetup } from '../../src/channels/wechat/wechat-channel.js';
import { baseFeature } from '../../dialogs/base-feature.js';
import { createTestApp } from '../helpers/app-harness.js';
import { TestClock, testTranslator } from '../helpers/core-harness.js';
import { LOCK_DISPLAY_PNG, loginMockAccount, waitUntil, wechatPayload } from '../fixtures/wechat/mock-wechat.js';

const t = testTranslator();
type Harness = Awaited<ReturnType<typeof createTestApp>>;
let harness: Harness | undefined;
const bots: Wechaty[] = [];

afterEach(async () => {
  await harness?.close();
  harness = undefined;
  // Always stop every Wechaty started, even when a test failed half-way.
  await Promise.allSettled(bots.splice(0).map((bot) => bot.stop()));
});

/** The app with CHANNELS=web,wechat and WECHATY_PUPPET=wechaty-puppet-mock (the configuration path), logged in. */
async function startWechatApp() {
  harness = await createTestApp(
    { CHANNELS: 'web,wechat', WECHATY_PUPPET: 'wechaty-puppet-mock', OUTBOUND_MIN_INTERVAL_MS: '0' },
    { features: [async () => ({ feature: baseFeature })] },
  );
  await harness.lockcare.start();
  const setup = harness.lockcare.channels.get('wechat') as WechatChannelSetup;
  const bot = setup.bot()!;
  bots.push(bot);
  return { ...harness, setup, bot, ...(await loginMockAccount(bot)) };
}

const menuList = (language: 'en' | 'es') =>
  `${t.t(language, 'menu.prompt')}\n\n` +
  ['troubleshoot', 'warranty', 'human', 'language'].map((option, index) => `${index + 1}. ${t.t(language, `menu.options.${option}`)}`).join('\n');

describe('WeChat channel (real Wechaty, wechaty-puppet-mock)', () => {
  it('answers a contact in Spanish with the menu as a numbered list, and takes "4" as the fourth option', async () => {
    const { customer, account, received } = await startWechatApp();
    customer.say('hola').to(account);
    await waitUntil(() => received.length >= 2, () => received);
    expect(received).toEqual([t.t('es', 'menu.greeting'), menuList('es')]);

    customer.say('4').to(account);
    await waitUntil(() => received.length >= 3, () => received);
    expect(received[2]).toContain(t.t('es', 'language.prompt'));
  });

  it('produces one reply for a message the puppet delivers twice', async () => {
    const { customer, account, received, redeliver, customerMessageIds } = await startWechatApp();
    customer.say('hola').to(account);
    await waitUntil(() => received.length >= 2, () => received);
    redeliver(customerMessageIds()[0]!);
    // A later message is answered after the duplicate was dropped (turns of one chat run in order).
    customer.say('menu').to(account);
    await waitUntil(() => received.length >= 3, () => received);
    expect(received.filter((text) => text === t.t('es', 'menu.greeting'))).toHaveLength(1);
    expect(received.slice(2)).toHaveLength(1);
    expect(received[2]).toContain(`1. ${t.t('es', 'menu.options.troubleshoot')}`);
  });

  it('receives a photo of the lock display for the agent and says a person will follow up', async () => {
    const { customer, account, received, lockcare } = await startWechatApp();
    customer.say('hola').to(account);
    await waitUntil(() => received.length >= 2, () => received);
    customer.say(FileBox.fromBase64(LOCK_DISPLAY_PNG.toString('base64'), 'pantalla-cerradura.png')).to(account);
    await waitUntil(() => received.length >= 3, () => received);
    expect(received[2]).toBe(t.t('es', 'handoff.followUp'));
    const transcript = await lockcare.core.transcript(`wechat:${customer.id}`);
    const photo = transcript.find((entry) => entry.media)?.media;
    expect(photo).toMatchObject({ kind: 'image', mimeType: 'image/png', fileName: 'pantalla-cerradura.png', sizeBytes: LOCK_DISPLAY_PNG.length });
    expect(Buffer.from(photo!.dataBase64!, 'base64').equals(LOCK_DISPLAY_PNG)).toBe(true);
  });

  it('takes a shared location, and answers a sticker politely as unsupported', async () => {
    const { customer, account, received, sendPayload, lockcare } = await startWechatApp();
    sendPayload(wechatPayload('sticker-message'), 'sticker-1');
    await waitUntil(() => received.length >= 1, () => received);
    expect(received[0]).toBe(t.t('en', 'common.unsupported'));

    sendPayload(wechatPayload('location-message'), 'location-1');
    await waitUntil(() => received.length >= 2, () => received);
    expect(received[1]).toBe(t.t('en', 'handoff.followUp'));
    const transcript = await lockcare.core.transcript(`wechat:${customer.id}`);
    // wechaty-puppet-mock answers every location lookup with the same place in Beijing.
    expect(transcript.find((entry) => entry.media)?.media).toMatchObject({ kind: 'location', latitude: 39.995121, longitude: 116.334154, caption: expect.stringContaining('北京') });
    expect(account.id).not.toBe(customer.id);
  });

  it("delivers an agent's reply to the contact later, and refuses a contact who never wrote", async () => {
    const { customer, account, received, lockcare, mocker } = await startWechatApp();
    customer.say('hola').to(account);
    await waitUntil(() => received.length >= 2, () => received);
    await lockcare.core.deliver({ channel: 'wechat', conversationId: customer.id }, [
      { reply: { type: 'text', text: 'Ya revisé el registro de la cerradura.' }, language: 'es', dir: 'ltr', author: { kind: 'agent', name: 'María' } },
    ]);
    await waitUntil(() => received.length >= 3, () => received);
    expect(received[2]).toBe('María: Ya revisé el registro de la cerradura.');

    const stranger = mocker.createContact({ name: 'Stranger' });
    await expect(
      lockcare.core.deliver({ channel: 'wechat', conversationId: stranger.id }, [
        { reply: { type: 'text', text: 'Hola' }, language: 'es', dir: 'ltr', author: { kind: 'agent', name: 'María' } },
      ]),
    ).rejects.toMatchObject({ code: 'E_CHANNEL_SEND' });
  });

  it('a reply the puppet fails to send twice (logged out at that instant) is queued and delivered once on the third try', async () => {
    const clock = new TestClock(new Date());
    harness = await createTestApp(
      { CHANNELS: 'web,wechat', WECHATY_PUPPET: 'wechaty-puppet-mock', OUTBOUND_MIN_INTERVAL_MS: '0' },
      { features: [async () => ({ feature: baseFeature })], clock },
    );
    await harness.lockcare.start();
    const bot = (harness.lockcare.channels.get('wechat') as WechatChannelSetup).bot()!;
    bots.push(bot);
    const { customer, account, received } = await loginMockAccount(bot);
    const puppet = bot.puppet as unknown as { messageSendText: (...args: unknown[]) => Promise<unknown> };
    const realSend = puppet.messageSendText.bind(puppet);
    let failures = 0;
    puppet.messageSendText = async (...args: unknown[]) => {
      if (failures < 2) {
        failures += 1;
        throw new Error('puppet logged out');
      }
      return realSend(...args);
    };
    const { retries } = harness.lockcare.core;
    customer.say('hello').to(account);
    await waitUntil(async () => (await retries.pendingCount()) === 1, () => received);
    expect(received).toEqual([]);
    clock.advance(5_000);
    expect((await retries.tick()).failed).toHaveLength(1);
    clock.advance(10_000);
    expect((await retries.tick()).delivered).toHaveLength(1);
    await waitUntil(() => received.length >= 2, () => received);
    expect(received).toEqual([t.t('en', 'menu.greeting'), menuList('en')]);
    expect(await retries.pendingCount()).toBe(0);
    clock.advance(3_600_000);
    await retries.tick();
    expect(failures).toBe(2);
    expect(received).toHaveLength(2);
  });

  it('ignores its own messages and rooms (WECHATY_ALLOW_ROOMS=false)', async () => {
    const { customer, account, received, mocker } = await startWechatApp();
    const room = mocker.createRoom({ topic: 'Hotel engineers', memberIdList: [customer.id, account.id] });
    const roomReplies: string[] = [];
    (room as unknown as EventEmitter).on('message', (message: { talker(): { id: string }; text(): string | undefined }) => {
      if (message.talker().id === account.id) roomReplies.push(message.text() ?? '');
    });
    customer.say('hola').to(room);
    // The bot's own outgoing messages come back as `message` events too; they must not be answered.
    customer.say('hola').to(account);
    await waitUntil(() => received.length >= 2, () => received);
    customer.say('menu').to(account);
    await waitUntil(() => received.length >= 3, () => received);
    expect(roomReplies).toEqual([]);
    expect(received).toHaveLength(3);
  });
});

describe('WeChat channel lifecycle', () => {
  it('shows the login QR code for the console and reports the login', async () => {
    harness = await createTestApp({ CHANNELS: 'web', OUTBOUND_MIN_INTERVAL_MS: '0' }, { features: [async () => ({ feature: baseFeature })] });
    const { lockcare } = harness;
    const mocker = new mock.Mocker();
    const qrs: string[] = [];
    const setup = await createWechatChannel(
      { config: lockcare.config, logger: lockcare.logger, store: lockcare.store, translator: lockcare.translator, clock: lockcare.clock, core: () => lockcare.core },
      { createBot: () => WechatyBuilder.build({ name: 'lockcare-wechat-test', puppet: new PuppetMock({ mocker }) }), printQr: (qr) => qrs.push(qr) },
    );
    await setup.start!();
    bots.push(setup.bot()!);
    try {
      mocker.scan('https://login.weixin.qq.com/l/Ab3dEf9h', ScanStatus.Waiting);
      await waitUntil(() => qrs.length > 0, () => qrs);
      expect(qrs).toEqual(['https://login.weixin.qq.com/l/Ab3dEf9h']);
      const pairing = async () => (await getPairingStates(lockcare.store)).find((state) => state.channel === 'wechat');
      await waitUntil(async () => (await pairing())?.status === 'waiting-for-scan', pairing);
      expect(await pairing()).toMatchObject({ status: 'waiting-for-scan', qr: 'https://login.weixin.qq.com/l/Ab3dEf9h' });

      await loginMockAccount(setup.bot()!);
      await waitUntil(async () => (await pairing())?.status === 'connected', pairing);
      expect((await pairing())?.qr).toBeUndefined();
    } finally {
      await setup.stop!();
    }
  });

  it('throws from start() when the puppet fails to start, so the supervisor retries', async () => {
    harness = await createTestApp({ CHANNELS: 'web' }, { features: [async () => ({ feature: baseFeature })] });
    const { lockcare } = harness;
    class UnreachablePuppet extends PuppetMock {
      override async onStart(): Promise<void> {
        throw new Error('getaddrinfo ENOTFOUND login.wx.qq.com');
      }
    }
    const setup = await createWechatChannel(
      { config: lockcare.config, logger: lockcare.logger, store: lockcare.store, translator: lockcare.translator, clock: lockcare.clock, core: () => lockcare.core },
      { createBot: () => WechatyBuilder.build({ name: 'lockcare-wechat-failing', puppet: new UnreachablePuppet() }), printQr: () => undefined },
    );
    await expect(setup.start!()).rejects.toMatchObject({ code: 'E_CHANNEL_START', message: expect.stringContaining('ENOTFOUND') });
    expect((await getPairingStates(lockcare.store)).find((state) => state.channel === 'wechat')).toMatchObject({ status: 'failed' });
    await setup.stop!();
  });

  it('restarts the puppet after a logout (the supervisor brings it back up)', async () => {
    const { setup, bot, puppet, lockcare } = await startWechatApp();
    await puppet.logout('kicked out by the phone');
    await waitUntil(() => setup.bot() !== undefined && setup.bot() !== bot, () => lockcare.supervisor.status());
    bots.push(setup.bot()!);
    await waitUntil(() => lockcare.supervisor.status().wechat?.status === 'up', () => lockcare.supervisor.status());
    expect(lockcare.supervisor.status().wechat).toMatchObject({ status: 'up' });
  });
});
