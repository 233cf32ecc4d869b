import type { Config } from '../../config.js';
import type { Logger } from '../../logger.js';
import type { Store } from '../../store/store.js';

/**
 * The part of whatsapp-web.js's `Client` LockCare uses, with the library's own event and method
 * names (https://docs.wwebjs.dev/Client.html). The real client is created in
 * `create-wweb-client.ts`; tests pass a fake that emits recorded message shapes.
 */
export interface WhatsappClientEvents {
  qr: [qr: string];
  authenticated: [session?: unknown];
  auth_failure: [message: string];
  ready: [];
  message: [message: WhatsappMessageLike];
  disconnected: [reason: string];
}

export type WhatsappEventName = keyof WhatsappClientEvents;
export type WhatsappListener<E extends WhatsappEventName> = (...args: WhatsappClientEvents[E]) => void;

/** What `msg.downloadMedia()` resolves to (whatsapp-web.js `MessageMedia`). */
export interface WhatsappDownloadedMedia {
  mimetype: string;
  /** Base64. */
  data: string;
  filename?: string | null;
  filesize?: number | null;
}

/**
 * A message as the `message` event delivers it: a whatsapp-web.js `Message`. Its fields are
 * validated by `WhatsappWebMessageSchema` before use, so they are `unknown` here.
 */
export interface WhatsappMessageLike {
  downloadMedia?(): Promise<WhatsappDownloadedMedia | undefined>;
  [field: string]: unknown;
}

export interface WhatsappClientLike {
  on<E extends WhatsappEventName>(event: E, listener: WhatsappListener<E>): unknown;
  once<E extends WhatsappEventName>(event: E, listener: WhatsappListener<E>): unknown;
  removeListener<E extends WhatsappEventName>(event: E, listener: WhatsappListener<E>): unknown;
  initialize(): Promise<void>;
  /** whatsapp-web.js `sendMessage(chatId, content, options)`; LockCare sends text only. */
  sendMessage(chatId: string, content: string, options?: { linkPreview?: boolean }): Promise<unknown>;
  destroy(): Promise<void>;
  /** Set once the client is ready: the paired account. */
  info?: { wid?: { _serialized?: string }; pushname?: string } | null;
  /** Resolve a `@lid` sender to its phone number (whatsapp-web.js ≥ 1.31). */
  getContactLidAndPhone?(userIds: string[]): Promise<Array<{ lid?: string; pn?: string }>>;
}

export interface WhatsappClientContext {
  config: Config;
  store: Store;
  logger: Logger;
}

/** Builds a client; may throw (no browser) — the supervisor retries with backoff. */
export type WhatsappClientFactory = (ctx: WhatsappClientContext) => Promise<WhatsappClientLike>;
