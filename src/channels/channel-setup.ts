import type { FastifyInstance } from 'fastify';
import type { ChannelAdapter } from '../core/types.js';
import type { SetupContext } from '../setup-context.js';

/** What a channel contributes: its adapter, its webhook routes, and a start/stop for clients it runs. */
export interface ChannelSetup {
  adapter: ChannelAdapter;
  routes?(app: FastifyInstance): Promise<void> | void;
  /** Connect to the platform. May throw; the supervisor retries with backoff. */
  start?(): Promise<void>;
  stop?(): Promise<void>;
}

export type ChannelFactory = (ctx: SetupContext) => Promise<ChannelSetup>;
