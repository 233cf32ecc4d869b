import type { ChannelName } from '../../core/types.js';
import type { Store } from '../../store/store.js';

/**
 * Pairing state of channels that log in with a QR code (WhatsApp, WeChat). Kept in the store so
 * the console's admin page can show the current QR code whichever process runs the client.
 */
export interface ChannelPairingState {
  channel: ChannelName;
  status: 'starting' | 'waiting-for-scan' | 'connected' | 'disconnected' | 'failed';
  /** The raw QR payload to render (the console renders it as an image, the terminal as text). */
  qr?: string;
  /** Which process holds the channel (WhatsApp lease holder). */
  holder?: string;
  detail?: string;
  updatedAt: string;
}

const PAIRING_CHANNELS: ChannelName[] = ['whatsapp', 'wechat'];
const keyOf = (channel: ChannelName) => `pairing:${channel}`;

export async function setPairingState(store: Store, state: ChannelPairingState, ttlMs = 10 * 60_000): Promise<void> {
  await store.set(keyOf(state.channel), JSON.stringify(state), ttlMs);
}

export async function getPairingStates(store: Store): Promise<ChannelPairingState[]> {
  const values = await store.getMany(PAIRING_CHANNELS.map(keyOf));
  return values.filter((value): value is string => value !== null).map((value) => JSON.parse(value) as ChannelPairingState);
}
