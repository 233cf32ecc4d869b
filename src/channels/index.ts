import type { ChannelName } from '../core/types.js';
import type { ChannelFactory } from './channel-setup.js';

export type { ChannelFactory, ChannelSetup } from './channel-setup.js';

/** Every channel LockCare can run, loaded only when named in `CHANNELS`. */
export const CHANNEL_FACTORIES: Partial<Record<ChannelName, () => Promise<ChannelFactory>>> = {
  web: async () => (await import('./web/web-channel.js')).createWebChannel,
  whatsapp: async () => (await import('./whatsapp/whatsapp-channel.js')).createWhatsappChannel,
  'whatsapp-cloud': async () => (await import('./whatsapp-cloud/whatsapp-cloud-channel.js')).createWhatsappCloudChannel,
  teams: async () => (await import('./teams/teams-channel.js')).createTeamsChannel,
  wechat: async () => (await import('./wechat/wechat-channel.js')).createWechatChannel,
  email: async () => (await import('./email/email-channel.js')).createEmailChannel,
};
