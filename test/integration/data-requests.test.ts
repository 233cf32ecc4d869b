import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { erasePersonData, exportPersonData } from '../../src/privacy/data-requests.js';
import type { InboundMessage } from '../../src/core/types.js';
import { createSilentLogger } from '../../src/logger.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { RedisStore } from '../../src/store/redis-store.js';
import type { Store } from '../../src/store/store.js';
import type { RegistryRecord } from '../../src/warranty/registry-record.js';
import { RegistryStore } from '../../src/warranty/registry-store.js';
import { TestClock } from '../helpers/core-harness.js';
import { startTestRedis, type TestRedis } from '../helpers/redis-server.js';
import { testRedisUrl } from '../helpers/redis.js';
import { runLockcare } from '../helpers/run-lockcare.js';
import { createHandoffHarness } from '../helpers/handoff-harness.js';

const GUEST = '34612345678@c.us';
const PHOTO = Buffer.from('photo-of-the-lock').toString('base64');

function record(serial: string, phone: string | null): RegistryRecord {
  return {
    serial,
    model: 'RF-200',
    policy: 'hotel-lock-3y',
    customer: 'Hotel Miramar',
    country: 'Spain',
    phone,
    orderNo: 'PO-1',
    seller: null,
    purchaseDate: '2025-01-10',
    deliveryDate: null,
    installationDate: null,
    warrantyCard: 'valid',
  };
}

/** A WhatsApp guest who asked for a person and sent a photo, another guest on the web chat, and two registry rows. */
async function seed(store: Store) {
  const clock = new TestClock(new Date());
  const harness = await createHandoffHarness({ store, clock });
  let counter = 0;
  const say = (channel: InboundMessage['channel'], conversationId: string, content: InboundMessage['content'], phone?: string) =>
    harness.core.handle({ channel, conversationId, user: { id: conversationId, ...(phone ? { phone } : {}) }, platformMessageId: `m${(counter += 1)}`, content });
  await say('whatsapp', GUEST, { type: 'text', text: 'hola' }, '+34612345678');
  await say('whatsapp', GUEST, { type: 'text', text: 'quiero hablar con una persona' }, '+34612345678');
  await say('whatsapp', GUEST, { type: 'media', media: { kind: 'image', mimeType: 'image/jpeg', dataBase64: PHOTO } }, '+34612345678');
  await say('web', 'other-guest', { type: 'text', text: 'hello' });
  await new RegistryStore(store).importRows(
    [
      { line: 2, key: 'RF20024010001', record: record('RF200-2401-0001', '+34 612 345 678') },
      { line: 3, key: 'RF20024010002', record: record('RF200-2401-0002', '+34 961 234 567') },
    ],
    { source: 'test.csv', now: clock.now() },
  );
  return harness;
}

const backends: Array<[string, () => Promise<Store>]> = [
  ['MemoryStore', async () => new MemoryStore()],
  ['RedisStore', () => RedisStore.connect(testRedisUrl(), createSilentLogger(), { prefix: `data-${randomUUID()}:` })],
];

describe.each(backends)('data requests on %s', (_name, open) => {
  let store: Store;
  afterEach(async () => {
    await store?.close();
  });

  it('export by phone finds the conversation, transcript, ticket with its photo and the registry row; erase removes them and keeps the rest', async () => {
    store = await open();
    const harness = await seed(store);
    const exported = await exportPersonData(store, { phone: '0034 612 345 678' });
    expect(exported.conversations.map((item) => item.key)).toEqual([`whatsapp:${GUEST}`]);
    expect(exported.conversations[0]!.transcript.map((entry) => entry.text)).toContain('quiero hablar con una persona');
    expect(exported.tickets.map((item) => [item.ticket.id, item.ticket.customer.phone])).toEqual([['LC-000001', '+34612345678']]);
    expect(exported.tickets[0]!.media).toEqual([{ index: 0, dataBase64: PHOTO }]);
    expect(exported.registry.map((row) => row.serial)).toEqual(['RF200-2401-0001']);
    expect(exported.otherKeys.some((key) => key.startsWith(`dedupe:{whatsapp:${GUEST}}:`))).toBe(true);

    const report = await erasePersonData(store, { phone: '+34 612 345 678' }, { includeRegistry: false });
    expect(report).toMatchObject({ conversations: [`whatsapp:${GUEST}`], tickets: ['LC-000001'], mediaFiles: 1, registryRowsBlanked: [] });
    expect(report.otherKeys).toBeGreaterThanOrEqual(3);
    const after = await exportPersonData(store, { phone: '+34612345678' });
    expect(after).toMatchObject({ conversations: [], tickets: [], otherKeys: [] });
    // The registry row stays whole without --include-registry.
    expect(after.registry).toEqual([record('RF200-2401-0001', '+34 612 345 678')]);
    expect(await harness.setup.tickets.listOpen()).toEqual([]);
    expect(await harness.core.getState(`whatsapp:${GUEST}`)).toBeNull();
    // Somebody else's conversation is untouched.
    expect((await exportPersonData(store, { conversation: 'web:other-guest' })).conversations[0]!.transcript.map((entry) => entry.text)).toContain('hello');

    const blanked = await erasePersonData(store, { phone: '+34612345678' }, { includeRegistry: true });
    expect(blanked.registryRowsBlanked).toEqual(['RF200-2401-0001']);
    expect(await new RegistryStore(store).find('RF200-2401-0001')).toEqual({ ...record('RF200-2401-0001', null), customer: null });
    expect(await new RegistryStore(store).find('RF200-2401-0002')).toEqual(record('RF200-2401-0002', '+34 961 234 567'));
  });

  it("an e-mail customer's registry rows are found by the address in the registry's email column, and erase blanks it", async () => {
    store = await open();
    const harness = await seed(store);
    await harness.core.handle({ channel: 'email', conversationId: 'thread-1', user: { id: 'owner@hotel-miramar.test', email: 'owner@hotel-miramar.test' }, platformMessageId: '<e1@hotel-miramar.test>', content: { type: 'text', text: 'hello' } });
    await new RegistryStore(store).importRows(
      [{ line: 2, key: 'RF20024010003', record: { ...record('RF200-2401-0003', null), email: 'front@hotel-miramar.test;owner@hotel-miramar.test' } }],
      { source: 'test-email.csv', now: new Date() },
    );
    const exported = await exportPersonData(store, { conversation: 'email:thread-1' });
    expect(exported.registry.map((row) => row.serial)).toEqual(['RF200-2401-0003']);
    const blanked = await erasePersonData(store, { conversation: 'email:thread-1' }, { includeRegistry: true });
    expect(blanked.registryRowsBlanked).toEqual(['RF200-2401-0003']);
    expect(await new RegistryStore(store).find('RF200-2401-0003')).toMatchObject({ customer: null, phone: null, email: null, orderNo: 'PO-1' });
  });

  it("a WhatsApp Cloud customer's held agent text is exported and erased with the conversation, and another number's is kept", async () => {
    store = await open();
    const harness = await seed(store);
    await harness.core.handle({ channel: 'whatsapp-cloud', conversationId: '34677000444', user: { id: '34677000444', phone: '+34677000444' }, platformMessageId: 'wamid.1', content: { type: 'text', text: 'hola' } });
    // As the channel keeps them (whatsapp-cloud-send.ts, whatsapp-cloud-reminders.ts).
    await store.listPush('whatsapp-cloud:held:34677000444', JSON.stringify({ text: 'lucia: pruebe la tarjeta maestra' }));
    await store.set('whatsapp-cloud:latest-hold:34677000444', 'hold-1');
    await store.listPush('whatsapp-cloud:held:346770004449', JSON.stringify({ text: 'someone else' }));
    const exported = await exportPersonData(store, { conversation: 'whatsapp-cloud:34677000444' });
    expect(exported.otherKeys).toEqual(expect.arrayContaining(['whatsapp-cloud:held:34677000444', 'whatsapp-cloud:latest-hold:34677000444']));
    expect(exported.otherKeys).not.toContain('whatsapp-cloud:held:346770004449');
    await erasePersonData(store, { conversation: 'whatsapp-cloud:34677000444' }, { includeRegistry: false });
    expect(await store.listRange('whatsapp-cloud:held:34677000444')).toEqual([]);
    expect(await store.get('whatsapp-cloud:latest-hold:34677000444')).toBeNull();
    expect(await store.listRange('whatsapp-cloud:held:346770004449')).toHaveLength(1);
  });

  it('export and erase by conversation id, with or without the channel prefix', async () => {
    store = await open();
    await seed(store);
    const exported = await exportPersonData(store, { conversation: 'other-guest' });
    expect(exported.conversations.map((item) => item.key)).toEqual(['web:other-guest']);
    expect(exported.tickets).toEqual([]);
    const report = await erasePersonData(store, { conversation: 'web:other-guest' }, { includeRegistry: false });
    expect(report.conversations).toEqual(['web:other-guest']);
    expect((await exportPersonData(store, { conversation: 'other-guest' })).conversations).toEqual([]);
    expect((await exportPersonData(store, { conversation: `whatsapp:${GUEST}` })).tickets).toHaveLength(1);
  });
});

describe('npx lockcare data (a real process on Redis)', () => {
  let redis: TestRedis;
  let store: RedisStore;

  beforeAll(async () => {
    redis = await startTestRedis();
    store = await RedisStore.connect(redis.url, createSilentLogger());
    await seed(store);
  });

  afterAll(async () => {
    await store?.close();
    await redis?.stop();
  });

  it('export prints JSON, erase says what it removed, and a wrong call is a usage error', async () => {
    const env = { REDIS_URL: redis.url };
    const exported = await runLockcare(['data', 'export', '--phone', '+34 612 345 678'], { env });
    expect(exported.code).toBe(0);
    const json = JSON.parse(exported.stdout) as { conversations: Array<{ key: string }>; tickets: Array<{ ticket: { id: string } }>; registry: unknown[] };
    expect(json.conversations.map((item) => item.key)).toEqual([`whatsapp:${GUEST}`]);
    expect(json.tickets.map((item) => item.ticket.id)).toEqual(['LC-000001']);
    expect(json.registry).toHaveLength(1);

    const erased = await runLockcare(['data', 'erase', '--conversation', GUEST, '--include-registry'], { env });
    expect(erased.code).toBe(0);
    expect(erased.stdout).toContain(`Erased 1 conversation(s): whatsapp:${GUEST}`);
    expect(erased.stdout).toContain('Erased 1 ticket(s): LC-000001 and 1 media file(s)');
    expect(erased.stdout).toContain('Blanked customer and phone in 1 registry row(s): RF200-2401-0001');
    expect((await exportPersonData(store, { conversation: GUEST })).conversations).toEqual([]);

    const both = await runLockcare(['data', 'export', '--phone', '1', '--conversation', 'x'], { env });
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('exactly one of --phone or --conversation');
    const memory = await runLockcare(['data', 'export', '--conversation', 'x'], { env: {} });
    expect(memory.code).toBe(2);
    expect(memory.stderr).toContain('set REDIS_URL');
  });
});
