import Fastify, { LogController, type FastifyBaseLogger, type FastifyError, type FastifyInstance } from 'fastify';
import type { Config } from './config.js';
import { ChannelSupervisor } from './channels/channel-supervisor.js';
import { CHANNEL_FACTORIES, type ChannelSetup } from './channels/index.js';
import { reportsFailures } from './channels/shared/failure-reporting.js';
import { ConversationCore } from './core/conversation-core.js';
import { systemClock, type Clock, type FeatureServices, type HandoffService } from './core/dialog.js';
import { followUpHandoff } from './core/follow-up-handoff.js';
import { createTranslator, type Translator } from './core/i18n.js';
import type { ChannelName } from './core/types.js';
import { LockCareError } from './errors.js';
import { featureFactories, type FeatureFactory, type FeatureSetup, type SetupContext } from './features.js';
import { createLogger, type Logger } from './logger.js';
import { instrumentTurns } from './metrics/instrument-core.js';
import { instrumentStore } from './metrics/instrument-store.js';
import { registerMetricsRoute } from './metrics/metrics-route.js';
import { registerStatusRoutes } from './http/status-routes.js';
import { outboundRetries } from './metrics/metrics.js';
import { createStore } from './store/create-store.js';
import type { Store } from './store/store.js';

export interface LockCare {
  config: Config;
  logger: Logger;
  store: Store;
  translator: Translator;
  clock: Clock;
  core: ConversationCore;
  features: FeatureSetup[];
  channels: Map<ChannelName, ChannelSetup>;
  supervisor: ChannelSupervisor;
  /** Start channels and background work (after the server listens). */
  start(): Promise<void>;
  /** Finish in-flight turns, stop channels and features, close the store. */
  close(): Promise<void>;
}

export interface LockCareOverrides {
  store?: Store;
  logger?: Logger;
  clock?: Clock;
  translator?: Translator;
  /** Replace the default feature list (tests). */
  features?: FeatureFactory[];
}

/** Assemble LockCare from its configuration: store, translator, features, core and channels. */
export async function createLockCare(config: Config, overrides: LockCareOverrides = {}): Promise<LockCare> {
  const logger = overrides.logger ?? createLogger({ level: config.logLevel });
  const store = instrumentStore(overrides.store ?? (await createStore(config, logger)));
  const translator = overrides.translator ?? createTranslator();
  const clock = overrides.clock ?? systemClock;
  let core: ConversationCore | undefined;
  const ctx: SetupContext = {
    config,
    logger,
    store,
    translator,
    clock,
    core: () => {
      if (!core) throw new LockCareError('E_INTERNAL', 'core() used before the core was built');
      return core;
    },
  };

  const features: FeatureSetup[] = [];
  for (const factory of overrides.features ?? (await featureFactories())) features.push(await factory(ctx));
  const services: Partial<FeatureServices> = Object.assign({}, ...features.map((setup) => setup.services ?? {}));
  const handoff: HandoffService = features.find((setup) => setup.handoff)?.handoff ?? followUpHandoff;

  core = new ConversationCore({
    store,
    logger,
    translator,
    clock,
    features: features.map((setup) => setup.feature),
    handoff,
    services,
    languageModel: features.find((setup) => setup.languageModel)?.languageModel,
    stateTtlMs: config.conversation.ttlMs,
    dedupeTtlMs: config.conversation.dedupeTtlMs,
    maxMessageLength: config.conversation.maxMessageLength,
    retry: { pollMs: config.outbound.retryPollMs, expireMs: config.outbound.retryExpireMs },
  });

  instrumentTurns(core);

  const supervisor = new ChannelSupervisor(logger);
  const channels = new Map<ChannelName, ChannelSetup>();
  for (const name of config.channels) {
    const load = CHANNEL_FACTORIES[name];
    if (!load) throw new LockCareError('E_CONFIG', `Channel "${name}" is not available in this build`);
    try {
      const setup = await (await load())(ctx);
      channels.set(name, setup);
      core.registerChannel(setup.adapter);
      supervisor.add(name, setup);
      if (reportsFailures(setup)) setup.attachFailureReporter((error) => supervisor.reportFailure(name, error));
    } catch (error) {
      // A channel whose module cannot even load must not take the others down.
      logger.error({ channel: name, err: error, code: 'E_CHANNEL_START' }, 'channel could not be set up');
    }
  }

  let closed = false;
  return {
    config,
    logger,
    store,
    translator,
    clock,
    core,
    features,
    channels,
    supervisor,
    async start() {
      for (const setup of features) await setup.start?.();
      await supervisor.startAll();
      await core!.listenForForwardedMessages();
      // Replies waiting in the store (shared by every process) for lockcare_outbound_retries_pending.
      outboundRetries.measureWith(() => core!.retries.pendingCount());
    },
    async close() {
      if (closed) return;
      closed = true;
      await core!.drain();
      await supervisor.stopAll().catch((error: unknown) => logger.error({ err: error }, 'stopping channels failed'));
      for (const setup of [...features].reverse()) {
        await setup.stop?.().catch((error: unknown) => logger.error({ err: error }, 'stopping a feature failed'));
      }
      await store.close();
    },
  };
}

/** The HTTP app: health, web chat, console and channel webhooks. Tests use `app.inject`. */
export async function buildApp(lockcare: LockCare): Promise<FastifyInstance> {
  const app: FastifyInstance = Fastify({
    loggerInstance: lockcare.logger.child({ component: 'http' }) as FastifyBaseLogger,
    // Request lines would carry URLs with conversation ids; errors are logged by the handler below.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 1024 * 1024,
    // Client addresses (login throttling) come from X-Forwarded-For only behind a configured proxy.
    trustProxy: lockcare.config.trustProxy,
  });

  app.setErrorHandler((error: FastifyError | LockCareError, request, reply) => {
    if (error instanceof LockCareError) {
      if (error.httpStatus >= 500) request.log.error({ err: error }, 'request failed');
      return reply.status(error.httpStatus).send(error.toJSON());
    }
    const status = error.statusCode ?? 500;
    if (status < 500) {
      const message = error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? 'Request body too large' : error.message;
      return reply.status(status).send({ error: { code: status === 401 ? 'E_UNAUTHORIZED' : 'E_PAYLOAD', message } });
    }
    request.log.error({ err: error }, 'request failed');
    return reply.status(500).send({ error: { code: 'E_INTERNAL', message: 'Internal error' } });
  });
  app.setNotFoundHandler((request, reply) => reply.status(404).send({ error: { code: 'E_NOT_FOUND', message: `No route ${request.method} ${request.url.split('?')[0]}` } }));

  registerStatusRoutes(app, lockcare);
  registerMetricsRoute(app, lockcare);

  for (const setup of lockcare.features) await setup.routes?.(app);
  for (const setup of lockcare.channels.values()) await setup.routes?.(app);
  return app;
}
