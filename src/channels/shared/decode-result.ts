import type { InboundMessage } from '../../core/types.js';

/**
 * What every channel's decoder returns (`decodeWhatsappMessage`, `decodeWechatMessage`,
 * `decodeTeamsActivity`, `decodeWebMessage`): a customer's message, a "someone joined" event the
 * bot greets once (Teams), or a payload LockCare does not answer, with why (logged at debug).
 */
export type DecodeResult<Reason extends string = string> =
  | { kind: 'message'; message: InboundMessage }
  /** Not a message: the conversation started (the bot was added). Greeted once, not recorded as contact. */
  | { kind: 'welcome'; message: InboundMessage }
  | { kind: 'ignored'; reason: Reason; detail?: string };
