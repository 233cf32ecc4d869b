import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelAdapter, ChannelName, InboundMessage, OutboundMessage } from '../../src/core/types.js';
import { writeAgentsFile } from '../../src/handoff/agents-file.js';
import { hashPassword } from '../../src/handoff/password-hash.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import type { HandoffFeatureSetup } from '../../src/handoff/handoff-feature.js';
import type { SurveyFeatureSetup } from '../../src/survey/survey-feature.js';
import { createTestApp, openWebConversation } from '../helpers/app-harness.js';
import { TestClock, testTranslator } from '../helpers/core-harness.js';

/**
 * The December campaign over 50 customers on every channel: each customer the rules allow gets
 * the survey exactly once, the others are skipped with the reason counted, a run killed mid-way
 * resumes without sending anyone twice, answers are recorded against the campaign, and the
 * results go only to those who answered.
 */
const t = testTranslator();
const PASSWORD = 'admin-password-333';
let dir: string;
let clock: TestClock;
let harness: Awaited<ReturnType<typeof createTestApp>>;
/** Every survey message delivered, by conversation key (the core's `delivered` event). */
const deliveries = new Map<string, OutboundMessage[][]>();
let hangOn: ((channel: string) => boolean) | undefined;
const hung: string[] = [];

function record(channel: string, conversationId: string, messages: OutboundMessage[]): void {
  const key = `${channel}:${conversationId}`;
  deliveries.set(key, [...(deliveries.get(key) ?? []), messages]);
}

function recordingChannel(name: string): ChannelAdapter {
  return {
    name: name as ChannelName,
    capabilities: { choices: false, media: false, maxTextLength: 4000, proactive: true },
    send: async (target, messages) => {
      if (hangOn?.(name)) {
        hung.push(`${name}:${target.conversationId}`);
        hangOn = undefined;
        await new Promise(() => undefined); // the process dies while this send is on the wire
      }
      record(name, target.conversationId, messages);
    },
  };
}

const survey = () => harness.lockcare.features.find((setup) => setup.feature.name === 'survey') as SurveyFeatureSetup;
let sequence = 0;

async function inbound(channel: string, conversationId: string, text: string, extra: Partial<InboundMessage> = {}) {
  sequence += 1;
  return harness.lockcare.core.handle({ channel: channel as ChannelName, conversationId, user: { id: conversationId }, platformMessageId: `m${sequence}`, content: { type: 'text', text }, ...extra });
}

const at = (iso: string) => clock.set(new Date(iso));
const web: Array<Awaited<ReturnType<typeof openWebConversation>>> = [];
const surveyDeliveries = () => [...deliveries.entries()].filter(([, batches]) => batches.some((batch) => batch.some((message) => message.reply.text === t.t(message.language, 'survey.overall'))));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lockcare-survey-'));
  writeAgentsFile(join(dir, 'agents.json'), [
    { username: 'admin', role: 'admin', passwordHash: await hashPassword(PASSWORD) },
    { username: 'omar', role: 'agent', passwordHash: await hashPassword(PASSWORD) },
  ]);
  clock = new TestClock(new Date('2026-03-02T10:00:00Z'));
  harness = await createTestApp({ AGENTS_FILE: join(dir, 'agents.json') }, { clock, store: new MemoryStore(() => clock.now().getTime()) });
  for (const name of ['whatsapp', 'wechat', 'teams', 'email', 'whatsapp-cloud']) harness.lockcare.core.registerChannel(recordingChannel(name));
  // The real web chat channel, watched at its edge: what it is asked to send is recorded too.
  const webChannel = harness.lockcare.core.channel('web')!;
  const sendOnWeb = webChannel.send.bind(webChannel);
  (webChannel as { send: ChannelAdapter['send'] }).send = async (target, messages) => {
    await sendOnWeb(target, messages);
    record('web', target.conversationId, messages);
  };

  // March: two web customers whose conversations will have expired by December.
  for (let i = 0; i < 2; i += 1) await (await openWebConversation(harness.app)).post({ text: 'hello' });
  // November: customers who wrote too long ago for their channel's reply window.
  at('2026-11-20T10:00:00Z');
  for (let i = 0; i < 5; i += 1) await inbound('whatsapp', `wa-old-${i}`, 'hello', { user: { id: `wa-old-${i}`, phone: `+97150000010${i}` } });
  at('2026-11-25T10:00:00Z');
  for (let i = 0; i < 3; i += 1) await inbound('wechat', `wx-old-${i}`, 'hello');
  for (let i = 0; i < 2; i += 1) await inbound('whatsapp-cloud', `cloud-old-${i}`, 'hello');
  // 30 November – 1 December: customers inside every window.
  at('2026-11-30T18:00:00Z');
  for (let i = 0; i < 6; i += 1) await inbound('wechat', `wx-${i}`, 'hola');
  at('2026-12-01T08:00:00Z');
  for (let i = 0; i < 10; i += 1) {
    const conversation = await openWebConversation(harness.app);
    await conversation.post({ text: i % 2 ? 'hola' : 'hello' });
    web.push(conversation);
  }
  for (let i = 0; i < 2; i += 1) await (await openWebConversation(harness.app)).post({ text: 'baja' }); // opted out
  for (let i = 0; i < 8; i += 1) await inbound('whatsapp', `wa-${i}`, 'مرحبا', { user: { id: `wa-${i}`, phone: `+97150000020${i}` } });
  for (let i = 0; i < 4; i += 1) await inbound('teams', `teams-${i}`, 'hello', { reference: { serviceUrl: 'https://smba.example/', conversation: { id: `teams-${i}` } } });
  for (let i = 0; i < 5; i += 1) {
    await inbound('email', `mail-${i}`, 'hello');
    if (i < 3) await harness.lockcare.core.updateState(`email:mail-${i}`, (state) => void Object.assign(state.user, { email: `guest${i}@hotel.example` }));
  }
  for (let i = 0; i < 2; i += 1) await inbound('whatsapp-cloud', `cloud-${i}`, 'hello');
  await inbound('terminal', 'terminal-0', 'hello');
  // The e-mail addresses were added after the turns: one more turn records them on the contact.
  for (let i = 0; i < 3; i += 1) await inbound('email', `mail-${i}`, 'thanks');
  // Every e-mail opens a ticket; by December an agent has answered each and handed it back to the bot.
  const { desk } = harness.lockcare.features.find((setup) => setup.feature.name === 'handoff') as HandoffFeatureSetup;
  for (let i = 0; i < 5; i += 1) {
    const ticketId = (await harness.lockcare.core.getState(`email:mail-${i}`))?.ticketId;
    if (!ticketId) throw new Error(`the e-mail conversation mail-${i} opened no ticket`);
    await desk.claim(ticketId, 'admin');
    await desk.release(ticketId, 'admin');
  }
  at('2026-12-01T10:00:00Z');
  deliveries.clear();
}, 60_000);

afterAll(async () => {
  await harness?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const EXPECTED_SKIPS = { 'conversation-expired': 2, 'opted-out': 2, 'outside-reply-window': 8, 'no-email-address': 2, 'no-approved-template': 2, 'channel-not-reachable': 1 };

describe('the December survey campaign', () => {
  it('--dry-run counts 50 customers per channel without sending or claiming anyone', async () => {
    const plan = await survey().campaigns({ intervalMs: 0 }).plan(2026);
    expect(plan).toMatchObject({ selected: 50, sent: 33, skipped: 17, optedOut: 2, skippedByReason: EXPECTED_SKIPS });
    expect(plan.byChannel).toEqual({
      web: { selected: 14, sent: 10, skipped: 4 },
      whatsapp: { selected: 13, sent: 8, skipped: 5 },
      wechat: { selected: 9, sent: 6, skipped: 3 },
      teams: { selected: 4, sent: 4, skipped: 0 },
      email: { selected: 5, sent: 3, skipped: 2 },
      'whatsapp-cloud': { selected: 4, sent: 2, skipped: 2 },
      terminal: { selected: 1, sent: 0, skipped: 1 },
    });
    expect(deliveries.size).toBe(0);
    expect(await survey().campaigns().campaign(2026)).toBeNull();
  });

  it('a run killed mid-way resumes without sending anyone twice; skips are counted with the reason', async () => {
    let whatsappSends = 0;
    hangOn = (channel) => channel === 'whatsapp' && ++whatsappSends === 4;
    const first = survey().campaigns({ intervalMs: 0, leaseMs: 60_000 });
    void first.run(2026, 'admin').catch(() => undefined);
    await expect.poll(() => hung.length, { timeout: 10_000 }).toBe(1);
    const sentBeforeKill = surveyDeliveries().length;
    expect(sentBeforeKill).toBeGreaterThan(3);
    expect(sentBeforeKill).toBeLessThan(33);

    // A second run while the first one's lease is alive is refused.
    await expect(survey().campaigns({ intervalMs: 0 }).run(2026, 'admin')).rejects.toThrow(/another run/);
    clock.advance(2 * 60_000); // the dead run's lease lapses
    const counts = await survey().campaigns({ intervalMs: 0 }).run(2026, 'admin');

    expect(counts).toMatchObject({ selected: 50, sent: 32, skipped: 18, skippedByReason: { ...EXPECTED_SKIPS, interrupted: 1 } });
    // Exactly once each: 32 delivered, none twice, and the customer whose send was on the wire
    // when the first run died is not sent it again (counted as interrupted).
    const surveyed = surveyDeliveries();
    expect(surveyed).toHaveLength(32);
    for (const [key, batches] of surveyed) expect(batches, key).toHaveLength(1);
    expect(surveyed.map(([key]) => key)).not.toContain(hung[0]);
    expect(hung).toHaveLength(1);
    // Each went in the customer's language, on the channel they last used.
    const arabic = deliveries.get('whatsapp:wa-0')![0]!;
    expect(arabic.map((message) => message.reply.text)).toEqual([t.t('ar', 'survey.intro', { year: 2026 }), t.t('ar', 'survey.overall')]);
    expect(deliveries.get(`web:${web[1]!.conversationId}`)![0]![0]!.language).toBe('es');
    // Running it again sends nothing more.
    await survey().campaigns({ intervalMs: 0 }).run(2026, 'admin');
    expect(surveyDeliveries()).toHaveLength(32);
  });

  it('records answers against the campaign, keeps opt-outs, and publishes results only to those who answered', async () => {
    at('2026-12-01T12:00:00Z');
    for (const [index, lines] of [
      ['4', '5', 'faster replies please'],
      ['5', '4', t.t('es', 'survey.skip')],
      ['2', '3', 'the battery lasts too little'],
    ].entries()) {
      for (const text of lines) await web[index]!.post({ text });
    }
    const end = (await web[3]!.post({ text: '3' })).json() as { messages: Array<{ text: string }> };
    expect(end.messages.map((message) => message.text)).toEqual([t.t('es', 'survey.speed')]);
    await inbound('whatsapp', 'wa-1', '٥', { user: { id: 'wa-1', phone: '+971500000201' } });
    await inbound('whatsapp', 'wa-2', '1', { user: { id: 'wa-2', phone: '+971500000202' } });
    const stop = await inbound('teams', 'teams-0', 'stop');
    expect(stop.outbound.map((message) => message.reply.text)).toEqual([t.t('en', 'survey.optedOut')]);
    expect(await survey().contacts.optedOut()).toContain('teams:teams-0');

    const results = await survey().surveys.results(2026);
    // Overall 4, 5, 2, 3 (web) and 5, 1 (WhatsApp); speed 5, 4, 3.
    expect(results).toMatchObject({ answered: 6, overall: 3.33, speed: 4, satisfied: 50 });
    expect([...results.comments].sort()).toEqual(['faster replies please', 'the battery lasts too little']);
    expect(results.byChannel).toEqual({
      web: { answered: 4, overall: 3.5, speed: 4, satisfied: 50 },
      whatsapp: { answered: 2, overall: 3, speed: null, satisfied: 50 },
    });
    expect(results.byLanguage).toEqual({
      ar: { answered: 2, overall: 3, speed: null, satisfied: 50 },
      en: { answered: 2, overall: 3, speed: 4, satisfied: 50 },
      es: { answered: 2, overall: 4, speed: 4, satisfied: 50 },
    });

    // The console: agents read, only admins write the PDCA actions.
    const signIn = async (username: string) => String((await harness.app.inject({ method: 'POST', url: '/api/agent/session', payload: { username, password: PASSWORD } })).headers['set-cookie']).split(';')[0]!;
    const pdca = { plan: 'Answer faster at night', do: 'A second engineer on call 22:00–06:00', check: 'Median first reply at night', act: 'Night shift from January' };
    const post = (cookie: string) => harness.app.inject({ method: 'POST', url: '/api/agent/surveys/2026/pdca', headers: { cookie, 'content-type': 'application/json' }, payload: JSON.stringify(pdca) });
    expect((await post(await signIn('omar'))).statusCode).toBe(403);
    expect((await post(await signIn('admin'))).statusCode).toBe(200);
    const view = (await harness.app.inject({ method: 'GET', url: '/api/agent/surveys/2026', headers: { cookie: await signIn('omar') } })).json();
    expect(view.campaign).toMatchObject({ year: 2026, status: 'done', sent: 32, skipped: 18 });
    expect(view.results.answered).toBe(6);
    expect(view.pdca).toMatchObject({ ...pdca, updatedBy: 'admin' });
    // Without OPENAI_API_KEY the comments are shown as written, and the answer says translation is off.
    expect(view.translation).toEqual({ enabled: false, language: 'en', model: null });
    expect(view.comments.map((comment: { original: string; status: string }) => `${comment.original}|${comment.status}`).sort()).toEqual(['faster replies please|same-language', 'the battery lasts too little|same-language']);
    const spanishReader = (await harness.app.inject({ method: 'GET', url: '/api/agent/surveys/2026?lang=es', headers: { cookie: await signIn('omar') } })).json();
    expect(spanishReader.comments.map((comment: { status: string; translation?: string }) => [comment.status, comment.translation])).toEqual([['off', undefined], ['off', undefined]]);
    const csv = (await harness.app.inject({ method: 'GET', url: '/api/agent/surveys/2026/answers.csv?lang=es', headers: { cookie: await signIn('omar') } })).body.trimEnd().split('\r\n');
    expect(csv[0]).toBe('year,channel,language,topic,overall,speed,comment,answered_at,comment_language,translation_language,comment_translation,translation_status');
    expect(csv).toHaveLength(7);
    expect(csv).toContain('2026,web,en,,4,5,faster replies please,2026-12-01T12:00:00.000Z,en,es,,off');
    expect(csv.join('\n')).not.toMatch(/wa-|\+971|teams-/);

    deliveries.clear();
    // Translation is off and no results text is written in the customers' languages: publish
    // refuses, naming them, and sends nobody anything; the dry run shows the counts per language.
    const dryRun = await survey().campaigns({ intervalMs: 0 }).planPublish(2026);
    expect(dryRun.languages).toEqual({ en: { recipients: 2, text: 'missing' }, es: { recipients: 2, text: 'missing' }, ar: { recipients: 2, text: 'missing' } });
    expect(dryRun.counts).toMatchObject({ selected: 6, sent: 6, skipped: 0 });
    await expect(survey().campaigns({ intervalMs: 0 }).publish(2026)).rejects.toThrow(/No results text in en, es, ar .*nobody was sent anything/);
    const texts = { en: 'A second engineer now answers at night.', es: 'Un segundo ingeniero atiende ahora por la noche.', ar: 'يرد الآن مهندس ثانٍ في الليل.' };
    const saveTexts = async (actions: Record<string, string>) =>
      harness.app.inject({ method: 'POST', url: '/api/agent/surveys/2026/pdca', headers: { cookie: await signIn('admin'), 'content-type': 'application/json' }, payload: JSON.stringify({ actions }) });
    expect((await saveTexts({ en: texts.en, es: texts.es })).json().pdca).toMatchObject({ ...pdca, actions: { en: texts.en, es: texts.es } });
    await expect(survey().campaigns({ intervalMs: 0 }).publish(2026)).rejects.toThrow(/No results text in ar /);
    const consoleView = (await harness.app.inject({ method: 'GET', url: '/api/agent/surveys/2026', headers: { cookie: await signIn('omar') } })).json();
    expect(consoleView.publish).toEqual({ languages: { en: { recipients: 2, text: 'written' }, es: { recipients: 2, text: 'written' }, ar: { recipients: 2, text: 'missing' } }, missing: ['ar'] });
    expect(deliveries.size).toBe(0);
    expect((await survey().campaigns().campaign(2026))?.status).toBe('done');
    expect((await saveTexts({ ar: texts.ar })).statusCode).toBe(200);
    const published = await survey().campaigns({ intervalMs: 0 }).publish(2026);
    expect(published).toMatchObject({ sent: 6, skipped: 0 });
    const resultsText = (language: 'en' | 'es' | 'ar') => t.t(language, 'survey.results', { year: 2026, answered: 6, satisfied: 50, actions: texts[language] });
    expect([...deliveries.keys()].sort()).toEqual([...[0, 1, 2, 3].map((index) => `web:${web[index]!.conversationId}`), 'whatsapp:wa-1', 'whatsapp:wa-2'].sort());
    expect(deliveries.get('whatsapp:wa-1')![0]!.map((message) => message.reply.text)).toEqual([resultsText('ar')]);
    expect(deliveries.get(`web:${web[1]!.conversationId}`)![0]!.map((message) => message.reply.text)).toEqual([resultsText('es')]);
    expect(deliveries.get(`web:${web[0]!.conversationId}`)![0]!.map((message) => message.reply.text)).toEqual([resultsText('en')]);
    // The console's start button: admins only, and before December only with {"now": true}.
    const start = async (username: string, year: number, body: unknown) =>
      harness.app.inject({ method: 'POST', url: `/api/agent/surveys/${year}`, headers: { cookie: await signIn(username), 'content-type': 'application/json' }, payload: JSON.stringify(body) });
    expect((await start('omar', 2026, {})).statusCode).toBe(403);
    const early = await start('admin', 2027, {});
    expect(early.statusCode).toBe(409);
    expect(early.json().error.message).toContain('runs in December');
    expect((await start('admin', 2027, { now: true })).statusCode).toBe(202);
    await expect.poll(async () => (await survey().campaigns().campaign(2027))?.status).toBe('done');
    // Publishing again sends nobody anything.
    deliveries.clear();
    expect(await survey().campaigns({ intervalMs: 0 }).publish(2026)).toMatchObject({ sent: 0 });
    expect(deliveries.size).toBe(0);
  });
});
