import type { TOptions } from 'i18next';
import { LockCareError } from '../errors.js';
import { isolateLatinRuns } from './bidi.js';
import { ROOT_DIALOG, type Dialog, type EscalationRequest, type Services, type TurnContext, type TurnInput } from './dialog.js';
import type { Choice, ConversationState, InboundMessage, Json, JsonObject, Language, Reply } from './types.js';

export { ROOT_DIALOG } from './dialog.js';

/** Build the context one turn runs in. The state is a private copy that is saved only if the turn succeeds. */
export function createTurnContext(options: {
  state: ConversationState;
  message: InboundMessage;
  input: TurnInput;
  services: Services;
  dialogs: ReadonlyMap<string, Dialog>;
  now: Date;
  offered?: Choice[];
  /** The dialog this conversation's channel opens with (the main menu unless a feature names another). */
  rootDialog?: string;
}): TurnContext {
  const { state, message, input, services, dialogs, now, offered } = options;
  const rootDialog = options.rootDialog ?? ROOT_DIALOG;
  const replies: Reply[] = [];
  let t = services.translator.forLanguage(state.language);

  const dialogFor = (id: string): Dialog => {
    const dialog = dialogs.get(id);
    if (!dialog) throw new LockCareError('E_INTERNAL', `Dialog "${id}" is not registered`);
    return dialog;
  };

  const ctx: TurnContext = {
    state,
    message,
    input,
    services,
    now,
    replies,
    offered,
    rootDialog,
    get language(): Language {
      return state.language;
    },
    get t() {
      return t;
    },
    set t(value) {
      t = value;
    },
    get frame() {
      return state.stack[state.stack.length - 1];
    },
    say(raw: string, choices?: Choice[]) {
      // Content strings (FAQ steps, choice labels) get the same bidi isolation as translated ones.
      const text = state.language === 'ar' ? isolateLatinRuns(raw) : raw;
      const shown = choices && state.language === 'ar' ? choices.map((choice) => ({ ...choice, title: isolateLatinRuns(choice.title) })) : choices;
      replies.push(shown && shown.length > 0 ? { type: 'text', text, choices: shown } : { type: 'text', text });
      if (choices && choices.length > 0) state.lastChoices = choices;
    },
    sayKey(key: string, tOptions?: TOptions, choices?: Choice[]) {
      ctx.say(t(key, tOptions), choices);
    },
    reply(reply: Reply) {
      replies.push(reply);
      if (reply.type === 'text' && reply.choices && reply.choices.length > 0) state.lastChoices = reply.choices;
    },
    async begin(dialogId: string, args: JsonObject = {}) {
      const dialog = dialogFor(dialogId);
      // "Two misunderstood in a row" counts within one dialog, not across dialogs.
      state.misunderstood = 0;
      state.stack.push({ id: dialogId, step: 'start', data: {} });
      await dialog.begin(ctx, args);
    },
    async replace(dialogId: string, args: JsonObject = {}) {
      state.stack.pop();
      await ctx.begin(dialogId, args);
    },
    async end(result?: Json) {
      state.stack.pop();
      state.misunderstood = 0;
      const parent = ctx.frame;
      if (!parent) {
        await ctx.begin(rootDialog, { returning: true });
        return;
      }
      const dialog = dialogFor(parent.id);
      if (dialog.resume) await dialog.resume(ctx, result);
      else await ctx.end(result);
    },
    async restart() {
      state.stack = [];
      await ctx.begin(rootDialog, { returning: true });
    },
    goto(step: string, data?: JsonObject) {
      const frame = ctx.frame;
      if (!frame) throw new LockCareError('E_INTERNAL', 'goto() with no active dialog');
      frame.step = step;
      if (data) frame.data = data;
    },
    setLanguage(language: Language, source: ConversationState['languageSource']) {
      state.language = language;
      state.languageSource = source;
      t = services.translator.forLanguage(language);
    },
    async escalate(request: EscalationRequest) {
      await services.handoff.escalate(ctx, request);
    },
    misunderstood() {
      state.misunderstood += 1;
      return state.misunderstood;
    },
  };
  return ctx;
}
