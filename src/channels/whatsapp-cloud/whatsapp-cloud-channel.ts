import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ChannelAdapter } from '../../core/types.js';
import { ConfigError } from '../../errors.js';
import type { SetupContext } from '../../setup-context.js';
import type { ChannelSetup } from '../channel-setup.js';
import { receive, type InboundPath } from '../shared/receive.js';
import { CloudApi } from './whatsapp-cloud-api.js';
import { cloudMediaOf, CloudWebhookSchema, decodeCloudMessage, splitCloudWebhook, type CloudInbound, type DownloadedMedia } from './whatsapp-cloud-decode.js';
import type { WhatsappCloudReminders } from './whatsapp-cloud-reminders.js';
import { WHATSAPP_CLOUD_CAPABILITIES, WhatsappCloudSender } from './whatsapp-cloud-send.js';

/** True when `signature` (`sha256=<hex>`) is the HMAC-SHA256 of the raw body with the app secret; constant-time. */
export function isValidSignature(rawBody: Buffer, signature: string | undefined, appSecret: string): boolean {
  if (!signature?.startsWith('sha256=')) return false;
  const expected = createHmac('sha256', appSecret).update(rawBody).digest();
  const given = Buffer.from(signature.slice('sha256='.length), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The channel's setup, with the reminder poller (tests call `reminders.tick()` after moving the clock). */
export interface WhatsappCloudChannelSetup extends ChannelSetup {
  reminders: WhatsappCloudReminders;
}

/**
 * The WhatsApp Business Cloud API: Meta posts signed webhooks to `POST /api/whatsapp/webhook`
 * (verified once with `GET`), LockCare answers 200 at once and runs the turns in the background
 * (Meta retries slow or failed answers; the core drops a message id it has seen). Replies go to
 * the Graph API with plain `fetch`. https://developers.facebook.com/docs/whatsapp/cloud-api/guides/set-up-webhooks
 */
export async function createWhatsappCloudChannel(ctx: SetupContext): Promise<WhatsappCloudChannelSetup> {
  const { config, clock } = ctx;
  const cloud = config.whatsappCloud;
  const logger = ctx.logger.child({ channel: 'whatsapp-cloud' });
  const missing = (['phoneNumberId', 'accessToken', 'appSecret', 'verifyToken'] as const).filter((key) => !cloud[key]);
  if (missing.length > 0) {
    const names = { phoneNumberId: 'WHATSAPP_CLOUD_PHONE_NUMBER_ID', accessToken: 'WHATSAPP_CLOUD_ACCESS_TOKEN', appSecret: 'WHATSAPP_CLOUD_APP_SECRET', verifyToken: 'WHATSAPP_CLOUD_VERIFY_TOKEN' };
    throw new ConfigError(`CHANNELS includes whatsapp-cloud but ${missing.map((key) => names[key]).join(', ')} ${missing.length > 1 ? 'are' : 'is'} not set`);
  }
  const api = new CloudApi({ config: cloud, logger });
  const sender = new WhatsappCloudSender(ctx, api);
  const inbound: InboundPath = { channel: 'whatsapp-cloud', core: ctx.core, clock, logger, guard: sender.guard };
  const inFlight = new Set<Promise<void>>();

  async function handleMessage(item: CloudInbound): Promise<void> {
    const media = cloudMediaOf(item.message);
    let downloaded: DownloadedMedia | undefined;
    if (media) {
      const result = await api.downloadMedia(media.mediaId, config.outbound.mediaMaxBytes).catch((error: unknown) => {
        logger.warn({ err: error, type: media.platformType }, 'WhatsApp Cloud media could not be downloaded');
        return undefined;
      });
      if (result && 'tooLarge' in result) item = { ...item, message: { ...item.message, [media.platformType]: { ...item.message[media.platformType as 'image'], id: media.mediaId, file_size: result.tooLarge } } };
      else downloaded = result;
    }
    const decoded = decodeCloudMessage(item, config.outbound.mediaMaxBytes, downloaded);
    if (decoded.kind === 'message') {
      // The survey template's "Start" opens the window and releases the questions; it answers none.
      const { message } = decoded;
      if (await sender.releaseOnSurveyTap(item.message)) {
        await sender.guard.recordInbound('whatsapp-cloud', message.conversationId, receivedAtOrNow(message.receivedAt));
        return;
      }
      // Whatever an agent wrote while the window was closed goes first, now that the customer answered.
      await sender.flushHeld(item.message.from);
    }
    await receive(inbound, decoded, (outbound) => sender.sendFreeForm(item.message.from, outbound));
  }

  /** When the customer wrote, as the shared inbound path records it (never in the future). */
  function receivedAtOrNow(receivedAt: Date | undefined): Date {
    const now = clock.now();
    return receivedAt && receivedAt < now ? receivedAt : now;
  }

  async function processWebhook(body: unknown): Promise<void> {
    const parsed = CloudWebhookSchema.safeParse(body);
    if (!parsed.success) {
      logger.warn({ code: 'E_PAYLOAD', issues: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ') }, 'WhatsApp Cloud webhook failed validation');
      return;
    }
    const { messages, statuses } = splitCloudWebhook(parsed.data);
    for (const status of statuses) await sender.recordStatus(status);
    for (const item of messages) {
      await handleMessage(item).catch((error: unknown) => logger.error({ err: error, code: 'E_TURN', type: item.message.type }, 'WhatsApp Cloud message failed'));
    }
  }

  function inBackground(work: Promise<void>): void {
    const tracked = work.catch((error: unknown) => logger.error({ err: error }, 'WhatsApp Cloud webhook processing failed')).finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
  }

  const adapter: ChannelAdapter = {
    name: 'whatsapp-cloud',
    capabilities: WHATSAPP_CLOUD_CAPABILITIES,
    send: (target, messages) => sender.send(target, messages),
    replyWindow: (conversationId) => sender.window(conversationId),
  };

  async function routes(app: FastifyInstance): Promise<void> {
    await app.register(async (scope) => {
      // The signature covers the exact bytes Meta sent: keep the raw body on this route.
      scope.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
      scope.get('/api/whatsapp/webhook', async (request, reply) => {
        const query = request.query as Record<string, string | undefined>;
        if (query['hub.mode'] === 'subscribe' && query['hub.verify_token'] === cloud.verifyToken && query['hub.challenge'] !== undefined) {
          return reply.type('text/plain').send(query['hub.challenge']);
        }
        logger.warn({ code: 'E_UNAUTHORIZED' }, 'WhatsApp Cloud webhook verification refused');
        return reply.status(403).send({ error: { code: 'E_FORBIDDEN', message: 'Verification token mismatch' } });
      });
      scope.post('/api/whatsapp/webhook', async (request, reply) => {
        const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const signature = request.headers['x-hub-signature-256'];
        if (!isValidSignature(raw, typeof signature === 'string' ? signature : undefined, cloud.appSecret!)) {
          logger.warn({ code: 'E_UNAUTHORIZED' }, 'WhatsApp Cloud webhook rejected: missing or wrong X-Hub-Signature-256');
          return reply.status(401).send({ error: { code: 'E_UNAUTHORIZED', message: 'Missing or invalid X-Hub-Signature-256' } });
        }
        let body: unknown;
        try {
          body = JSON.parse(raw.toString('utf8'));
        } catch {
          return reply.status(400).send({ error: { code: 'E_PAYLOAD', message: 'Body is not JSON' } });
        }
        inBackground(processWebhook(body));
        return reply.status(200).send({ ok: true });
      });
    });
  }

  return {
    adapter,
    routes,
    reminders: sender.reminders,
    async start() {
      sender.reminders.start();
    },
    async stop() {
      await Promise.allSettled([...inFlight]);
      await sender.stop();
    },
  };
}
