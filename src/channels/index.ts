import type { FastifyInstance } from 'fastify';
import type { ChannelAdapter, ChannelName } from '../core/types.js';
import type { SetupContext } from '../features.js';

/** What a channel contributes: its adapter, its webhook routes, and a start/stop for clients it runs. */
export interface ChannelSetup {
  adapter: ChannelAdapter;
  routes?(app: FastifyInstance): Promise<void> | void;
  /** Connect to the platform. May throw; the supervisor retries with backoff. */
  start?(): Promise<void>;
  stop?(): Promise<void>;
}

export type ChannelFactory = (ctx: SetupContext) => Promise<ChannelSetup>;

/** Every channel LockCare can run, loaded only when named in `CHANNELS`. */
export const CHANNEL_FACTORIES: Partial<Record<ChannelName, () => Promise<ChannelFactory>>> = {
  web: async () => (await import('./web/web-channel.js')).createWebChannel,
  whatsapp: async () => (await import('./whatsapp/whatsapp-channel.js')).createWhatsappChannel,
  teams: async () => (await import('./teams/teams-channel.js')).createTeamsChannel,
  wechat: async () => (await import('./wechat/wechat-channel.js')).createWechatChannel,
};
