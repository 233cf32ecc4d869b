import { CloudAdapter, createOutboundHostValidator, type TurnContext } from '@microsoft/agents-hosting';
import type { FastifyInstance } from 'fastify';
import { conversationKey, type ChannelAdapter } from '../../core/types.js';
import { LockCareError, PayloadError } from '../../errors.js';
import { RepeatLogLimiter } from '../../http/repeat-log-limiter.js';
import { conversationLogRef } from '../../logger.js';
import type { SetupContext } from '../../setup-context.js';
import type { ChannelSetup } from '../channel-setup.js';
import { receive, type InboundPath } from '../shared/receive.js';
import { RecordedResponse, runAuthorization, toAgentsRequest } from './fastify-bridge.js';
import { decodeTeamsActivity, TeamsActivitySchema, type TeamsActivity } from './teams-decode.js';
import { buildTeamsAuth } from './teams-auth.js';
import { TEAMS_CAPABILITIES, TeamsSender } from './teams-send.js';

/**
 * Microsoft Teams over the Bot Framework Activity protocol, with `@microsoft/agents-hosting`
 * (the successor of the archived `botbuilder`). `POST /api/messages` validates the JWT
 * (unless anonymous), decodes the activity with zod, runs the turn and replies through the
 * connector at `activity.serviceUrl`. Agent replies and SLA notices are sent later with the
 * stored conversation reference (`continueConversation`), also after a restart.
 */
export async function createTeamsChannel(ctx: SetupContext): Promise<ChannelSetup> {
  const { config, clock } = ctx;
  const logger = ctx.logger.child({ channel: 'teams' });
  const sender = new TeamsSender(ctx);
  const inbound: InboundPath = { channel: 'teams', core: ctx.core, clock, logger, guard: sender.guard };
  let cloud: CloudAdapter | undefined;

  /** One inbound activity through the shared path; its replies go back in the same turn. */
  async function runTurn(context: TurnContext, activity: TeamsActivity): Promise<void> {
    const decoded = decodeTeamsActivity(activity, clock.now(), config.outbound.mediaMaxBytes);
    await receive(inbound, decoded, (outbound, message) =>
      sender.sendInTurn(context, conversationKey('teams', message.conversationId), outbound, { conversationType: activity.conversation.conversationType, userId: activity.from.id }),
    );
  }

  const adapter: ChannelAdapter = {
    name: 'teams',
    capabilities: TEAMS_CAPABILITIES,
    send: (target, messages) => sender.sendProactive(cloud, target, messages),
  };

  // Bad tokens are logged once per address per minute, with how many there were.
  const rejectedLog = new RepeatLogLimiter(() => ctx.clock.now().getTime());

  async function routes(app: FastifyInstance): Promise<void> {
    app.post('/api/messages', async (request, reply) => {
      const current = cloud;
      if (!current) return reply.status(503).send({ error: { code: 'E_CHANNEL_START', message: 'The Teams channel is not running yet' } });
      const req = toAgentsRequest(request);
      const res = new RecordedResponse();
      // Authenticate before reading the payload: an unauthenticated body is never decoded.
      if (!(await runAuthorization(current.authorizeRequest.bind(current), req, res))) {
        const count = rejectedLog.hit(request.ip);
        if (count !== undefined) {
          logger.warn({ code: 'E_UNAUTHORIZED', status: res.statusCode, address: request.ip, count }, 'Teams requests rejected: missing or invalid Bot Framework token');
        }
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
      sender.stop();
    },
  };
}
