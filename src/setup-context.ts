import type { FastifyInstance } from 'fastify';
import type { Config } from './config.js';
import type { ConversationCore } from './core/conversation-core.js';
import type { Clock, Feature, FeatureServices, HandoffService } from './core/dialog.js';
import type { Translator } from './core/i18n.js';
import type { LanguageModel } from './core/language-model.js';
import type { Logger } from './logger.js';
import type { Store } from './store/store.js';

/** What a feature or channel gets to set itself up. `core()` is available once every feature is set up. */
export interface SetupContext {
  config: Config;
  logger: Logger;
  store: Store;
  translator: Translator;
  clock: Clock;
  core(): ConversationCore;
}

/** What a feature contributes to the app. */
export interface FeatureSetup {
  feature: Feature;
  /** Services dialogs can use (`ctx.services.faq`, ...). */
  services?: Partial<FeatureServices>;
  /** Replaces the default "a person will follow up" handoff. */
  handoff?: HandoffService;
  /** Tells the core which language a Latin-script message is in (the FAQ's trained model). */
  languageModel?: LanguageModel;
  /** HTTP routes (console, APIs). */
  routes?(app: FastifyInstance): Promise<void> | void;
  /** Background work (SLA scheduler, ...), started after the server listens. */
  start?(): Promise<void>;
  stop?(): Promise<void>;
  /** Extra lines for `GET /readyz`. */
  ready?(): Promise<Record<string, unknown>>;
  /** Why this process must not take traffic right now (`/readyz` answers 503); undefined when ready. */
  notReady?(): Promise<string | undefined>;
  /** Lines printed at start-up (demo login, ...). */
  banner?(): string[];
}

export type FeatureFactory = (ctx: SetupContext) => Promise<FeatureSetup>;
