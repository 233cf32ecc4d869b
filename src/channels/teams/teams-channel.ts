import { Activity, type ConversationReference } from '@microsoft/agents-activity';
import { CloudAdapter, createOutboundHostValidator, type TurnContext } from '@microsoft/agents-hosting';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { conversationKey, type ChannelAdapter, type ConversationTarget, type OutboundMessage } from '../../core/types.js';
import { ChannelSendError, LockCareError, PayloadError } from '../../errors.js';
import type { SetupContext } from '../../setup-context.js';
import type { ChannelSetup } from '../channel-setup.js';
import { ContactGuard } from '../shared/contact-guard.js';
import { OutboundPacer } from '../shared/outbound-pacer.js';
import { renderForChannel } from '../shared/render.js';
import { RecordedResponse, runAuthorization, toAgentsRequest } from './fastify-bridge.js';
import { decodeTeamsActivity, TeamsActivitySchema, type TeamsActivity } from './teams-activity.js';
import { buildTeamsAuth } from './teams-auth.js';
import { encodeTeamsActivities, TEAMS_CAPABILITIES, type TeamsOutgoingActivity } from './teams-encode.js';
import { conversationLogRef } from '../../logger.js';

/** The stored conversation reference (see `conversationReferenceOf`), checked before a proactive send. */
const StoredReference = z.looseObject({
  serviceUrl: z.url(),
  channelId: z.string().min(1),
  conversation: z.looseObject({ id: z.string().min(1), conversationType: z.string().optional() }),
  agent: z.looseObject({ id: z.string().min(1) }).optional(),
  user: z.looseObject({ id: z.string().min(1) }).optional(),
});

/**
 * Microsoft Teams over the Bot Framework Activity protocol, with `@microsoft/agents-hosting`
 * (the successor of the archived `botbuilder`). `POST /api/messages` validates the JWT
 * (unless anonymous), decodes the activity with zod, runs the turn and replies through the
 * connector at `activity.serviceUrl`. Agent replies and SLA notices are sent later with the
 * stored conversation reference (`continueConversation`), also after a restart.
 */
export async function createTeamsChannel(ctx: SetupContext): Promise<ChannelSetup> {
  const { config, store, clock } = ctx;
  const logger = ctx.logger.child({ channel: 'teams' });
  const pacer = new OutboundPacer({ minIntervalMs: config.outbound.minIntervalMs });
  const guard = new ContactGuard(store, clock, { ttlMs: config.conversation.ttlMs });
  let cloud: CloudAdapter | undefined;

  function toActivities(messages: OutboundMessage[], conversationType: string | undefined, userId: string | undefined): TeamsOutgoingActivity[] {
    return encodeTeamsActivities(renderForChannel(messages, TEAMS_CAPABILITIES), { conversationType, userId });
  }

  async function sendPaced(context: TurnContext, key: string, activities: TeamsOutgoingActivity[]): Promise<void> {
    for (const activity of activities) {
      await pacer.enqueue(key, () => context.sendActivity(Activity.fromObject(activity)));
    }
  }

  /** One inbound activity: decode, hand to the core, send its replies in the same turn. */
  async function runTurn(context: TurnContext, activity: TeamsActivity): Promise<void> {
    const decoded = decodeTeamsActivity(activity, clock.now(), config.outbound.mediaMaxBytes);
    if (decoded.kind === 'ignore') {
      logger.debug({ reason: decoded.reason }, 'Teams activity ignored');
      return;
    }
    const { message } = decoded;
    const key = conversationKey('teams', message.conversationId);
    if (decoded.kind === 'welcome') {
      // Greet once: not when the conversation already exists (bot re-added, more members joining).
      if ((await ctx.core().getState(key))?.greeted) return;
    } else {
      await guard.recordInbound('teams', message.conversationId, message.receivedAt);
    }
    const result = await ctx.core().handle(message);
    if (result.duplicate) return;
    await sendPaced(context, key, toActivities(result.outbound, activity.conversation.conversationType, activity.from.id));
  }

  const adapter: ChannelAdapter = {
    name: 'teams',
    capabilities: TEAMS_CAPABILITIES,
    async send(target: ConversationTarget, messages: OutboundMessage[]) {
      if (!cloud) throw new ChannelSendError('teams', new Error('the Teams channel is not running'));
      const key = conversationKey('teams', target.conversationId);
      const stored = target.reference ?? (await ctx.core().getState(key))?.reference;
      const reference = StoredReference.safeParse(stored);
      if (!reference.success) {
        throw new LockCareError('E_CHANNEL_SEND', 'Not sent: no Teams conversation reference is stored for this conversation', {
          details: { channel: 'teams', reason: 'no-reference' },
        });
      }
      await guard.assertMayWrite('teams', target.conversationId);
      const activities = toActivities(messages, reference.data.conversation.conversationType, reference.data.user?.id);
      // The app id when authenticated; an empty identity makes the SDK use an anonymous connector client.
      const identity = config.teams.appId ?? {};
      let failure: unknown;
      await cloud.continueConversation(identity, reference.data as unknown as ConversationReference, async (context) => {
        // A proactive message starts a new message in the chat instead of replying to the continuation event:
        // POST {serviceUrl}/v3/conversations/{id}/activities.
        context.onSendActivities(async (_context, outgoing, next) => {
          for (const activity of outgoing) activity.replyToId = undefined;
          return next();
        });
        try {
          await sendPaced(context, key, activities);
        } catch (error) {
          failure = error;
        }
      });
      if (failure) throw failure instanceof LockCareError ? failure : new ChannelSendError('teams', failure);
    },
  };

  async function routes(app: FastifyInstance): Promise<void> {
    app.post('/api/messages', async (request, reply) => {
      const current = cloud;
      if (!current) return reply.status(503).send({ error: { code: 'E_CHANNEL_START', message: 'The Teams channel is not running yet' } });
      const req = toAgentsRequest(request);
      const res = new RecordedResponse();
      // Authenticate before reading the payload: an unauthenticated body is never decoded.
      if (!(await runAuthorization(current.authorizeRequest.bind(current), req, res))) {
        logger.warn({ code: 'E_UNAUTHORIZED', status: res.statusCode }, 'Teams request rejected: missing or invalid Bot Framework token');
        const status = res.statusCode === 405 ? 405 : 401;
        return reply.status(status).send({ error: { code: 'E_UNAUTHORIZED', message: 'Missing or invalid Bot Framework token' } });
      }
      const parsed = TeamsActivitySchema.safeParse(request.body);
      if (!parsed.success) {
        const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; ');
        logger.warn({ code: 'E_PAYLOAD', issues }, 'Teams activity failed validation');
        // 4xx: the Bot Framework service does not retry a payload that can never succeed.
        throw new PayloadError(`Invalid Bot Framework activity: ${issues}`);
      }
      try {
        await current.process(req, res, (context) => runTurn(context, parsed.data));
      } catch (error) {
        if (error instanceof LockCareError) throw error;
        logger.warn({ err: error, code: 'E_PAYLOAD' }, 'Teams activity rejected by the Agents SDK');
        throw new PayloadError('Invalid Bot Framework activity');
      }
      for (const [name, value] of Object.entries(res.headers)) reply.header(name, value);
      return reply.status(res.statusCode).send(res.body ?? '');
    });
  }

  return {
    adapter,
    routes,
    async start() {
      const auth = buildTeamsAuth(config.teams);
      for (const warning of auth.warnings) logger.warn(warning);
      const next = new CloudAdapter(
        auth.authConfig,
        undefined,
        undefined,
        // With credentials: reject activities whose serviceUrl is not the token's, nor a Microsoft host.
        { validateServiceUrl: !auth.anonymous },
        createOutboundHostValidator({ enabled: !auth.anonymous, includeDefaultMicrosoftHosts: true, hosts: [] }),
      );
      // The SDK's default handler would send developer messages to the user; log instead.
      next.onTurnError = async (context, error) => {
        logger.error({ err: error, code: 'E_TURN', conversation: conversationLogRef(conversationKey('teams', context.activity.conversation?.id ?? '?')) }, 'Teams turn failed');
      };
      cloud = next;
      logger.info({ authenticated: !auth.anonymous }, 'Teams endpoint ready at POST /api/messages');
    },
    async stop() {
      cloud = undefined;
      pacer.stop();
    },
  };
}
