import type { TOptions } from 'i18next';
import { LockCareError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/store.js';
import type { Translate, Translator } from './i18n.js';
import type { TranscriptReader } from './transcript.js';
import type {
  ChannelName,
  Choice,
  ConversationState,
  DialogFrame,
  InboundMessage,
  Json,
  JsonObject,
  Language,
  MediaAttachment,
  Reply,
} from './types.js';

/**
 * Dialogs are small state machines over plain JSON. A dialog never keeps anything in memory
 * between turns: where it is lives in its `DialogFrame` (`step` and `data`) on the
 * conversation's stack, so any process can continue any conversation.
 */

/** The dialog at the bottom of every stack: the greeting and main menu. */
export const ROOT_DIALOG = 'main-menu';

/** The user's message as dialogs see it. */
export interface TurnInput {
  kind: 'text' | 'choice' | 'media' | 'unsupported';
  /** Raw text ('' when there is none). */
  text: string;
  /** A choice value: from a button, or mapped from "2" / "two" / the option's words. */
  value?: string;
  media?: MediaAttachment;
  /** The same message's other files, after `media` (an e-mail with several attachments). */
  moreMedia?: MediaAttachment[];
}

/** Why and how a conversation goes to a person (see the escalation issue). */
export interface EscalationRequest {
  reason: 'user-request' | 'troubleshooting-unresolved' | 'technician-needed' | 'warranty-claim' | 'misunderstood' | 'urgent' | 'media';
  priority?: 'normal' | 'urgent';
  topic?: string;
  /** Anything the agent should see (path taken, answers, warranty result). */
  details?: JsonObject;
}

/** Routes messages while a person owns the conversation. The escalation feature replaces the default. */
export interface HandoffService {
  escalate(ctx: TurnContext, request: EscalationRequest): Promise<void>;
  /** A message arrived while `state.mode` is `waiting` or `agent`. */
  handleWhileHandedOff(ctx: TurnContext): Promise<void>;
  /** "cancel" while waiting for or talking to a person. */
  cancel?(ctx: TurnContext): Promise<void>;
}

/** A clock that tests can control. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/**
 * Services that features provide, each declared next to its service as a small interface
 * dialogs use (`FaqService`, `WarrantyService`, `TicketDesk`), added by declaration merging:
 * `declare module '../core/dialog.js' { interface FeatureServices { faq: FaqService } }`.
 */
export interface FeatureServices {}

/**
 * Services available to dialogs: the core's own, always there, and the features' — optional,
 * because a LockCare can run without a feature. A dialog gets one with `requireService`.
 */
export interface Services extends Partial<FeatureServices> {
  store: Store;
  logger: Logger;
  translator: Translator;
  clock: Clock;
  handoff: HandoffService;
  dialogs: ReadonlyMap<string, Dialog>;
  /** Conversation transcripts, read through the core. */
  transcript: TranscriptReader;
}

/** A feature's service, or E_CONFIG naming the feature that is missing (a dialog registered without it). */
export function requireService<K extends keyof FeatureServices>(services: Services, name: K): NonNullable<Services[K]> {
  const service = services[name];
  if (service === undefined || service === null) throw new LockCareError('E_CONFIG', `The "${String(name)}" service is not available: its feature is not set up`);
  return service;
}

export interface TurnContext {
  readonly state: ConversationState;
  readonly message: InboundMessage;
  readonly input: TurnInput;
  readonly services: Services;
  readonly now: Date;
  readonly language: Language;
  readonly replies: Reply[];
  /** The choices the bot offered before this message (to offer them again after "help"). */
  readonly offered?: Choice[];
  /** The dialog at the bottom of this conversation's stack: the main menu, or its channel's (`Feature.channelRoots`). */
  readonly rootDialog: string;
  /** Translate in the conversation's current language. */
  t: Translate;
  /** Send a text (with optional choices). Choices are remembered for "2" / "two" answers. */
  say(text: string, choices?: Choice[]): void;
  /** Say a locale key. */
  sayKey(key: string, options?: TOptions, choices?: Choice[]): void;
  reply(reply: Reply): void;
  /** The frame on top of the stack (the active dialog), if any. */
  readonly frame: DialogFrame | undefined;
  /** Push a dialog and run its `begin`. */
  begin(dialogId: string, args?: JsonObject): Promise<void>;
  /** Replace the active dialog with another. */
  replace(dialogId: string, args?: JsonObject): Promise<void>;
  /** Pop the active dialog; the parent's `resume` runs, or the main menu when the stack is empty. */
  end(result?: Json): Promise<void>;
  /** Clear the stack and show the main menu. */
  restart(): Promise<void>;
  /** Move the active dialog to another step. */
  goto(step: string, data?: JsonObject): void;
  /** Switch the conversation's language for the rest of the turn and after. */
  setLanguage(language: Language, source: ConversationState['languageSource']): void;
  escalate(request: EscalationRequest): Promise<void>;
  /** Mark that the bot did not understand; returns how many times in a row. */
  misunderstood(): number;
}

export interface Dialog {
  readonly id: string;
  begin(ctx: TurnContext, args: JsonObject): Promise<void> | void;
  /** Handle the user's input while this dialog is on top of the stack. */
  continue(ctx: TurnContext): Promise<void> | void;
  /** A child dialog ended with `result`. Without `resume` the parent ends too. */
  resume?(ctx: TurnContext, result: Json | undefined): Promise<void> | void;
  /** The user said "back". Without it "back" ends this dialog. */
  back?(ctx: TurnContext): Promise<void> | void;
}

/**
 * Commands that work at any step, in any language ("menu", "ayuda", "انسان").
 * Their words come from `locales/<lng>/commands.json` (`commands.<id>.words` for whole-message
 * matches, `commands.<id>.phrases` for phrases found anywhere in the message). Every command a
 * message matches is a candidate, highest priority first; a command that does not apply after
 * all declines by calling `next()`, and the next candidate runs — after the last, the dialog (or,
 * while a person owns the conversation, the handoff).
 */
export interface GlobalCommand {
  readonly id: string;
  /** Higher runs first when several match. */
  readonly priority?: number;
  /** When it applies: `bot` (default), `handed-off` (a person owns the conversation) or `always`. */
  readonly when?: 'bot' | 'handed-off' | 'always';
  /** A test on the message for commands that have no word list (a message in another language). */
  matches?(text: string): boolean;
  run(ctx: TurnContext, next: () => Promise<void>): Promise<void> | void;
}

/**
 * One step of a multi-step dialog: the question it asks (again after a language change), what
 * it does with the answer, and where "back" goes (default: leave the dialog).
 */
export interface DialogStep {
  ask(ctx: TurnContext): Promise<void> | void;
  handle(ctx: TurnContext): Promise<void> | void;
  back?(ctx: TurnContext): Promise<void> | void;
}

/** A multi-step dialog's steps, by name: the one place its step names are listed (`frame.step`). */
export type StepTable<Step extends string> = Readonly<Record<Step, DialogStep>>;

/** The step the active frame is at, or undefined when the table does not know it. */
export function currentStep<Step extends string>(table: StepTable<Step>, ctx: TurnContext): DialogStep | undefined {
  const step = ctx.frame?.step;
  return step !== undefined && Object.hasOwn(table, step) ? table[step as Step] : undefined;
}

/** A feature bundles dialogs, commands and services (FAQ, warranty, escalation, ...). */
export interface Feature {
  readonly name: string;
  readonly dialogs?: Dialog[];
  readonly commands?: GlobalCommand[];
  /**
   * Told after each customer turn is saved, with the state it saved (the reports' roll-ups, the
   * yearly survey's contact list). Not awaited by the turn; a failure is logged, never the user's.
   */
  afterTurn?(state: ConversationState, message: InboundMessage): Promise<void>;
  /**
   * The dialog that opens conversations on a channel instead of the main menu (e-mail is not a
   * chat: one full answer and a ticket, `email-intake`).
   */
  readonly channelRoots?: Partial<Record<ChannelName, string>>;
}

export type DialogInfo = Pick<Dialog, 'id'>;
