import type { TOptions } from 'i18next';
import { ROOT_DIALOG, type Dialog, type TurnContext } from '../../src/core/dialog.js';
import { normalizeText } from '../../src/core/normalize.js';
import { LANGUAGES, type Choice } from '../../src/core/types.js';

/** The root of every conversation: greeting, the main menu, and free text routed to the FAQ. */
export const MENU_VALUES = {
  troubleshoot: 'menu:troubleshoot',
  warranty: 'menu:warranty',
  human: 'menu:human',
  language: 'menu:language',
} as const;

export function menuChoices(ctx: TurnContext): Choice[] {
  return [
    { title: ctx.t('menu.options.troubleshoot'), value: MENU_VALUES.troubleshoot },
    { title: ctx.t('menu.options.warranty'), value: MENU_VALUES.warranty },
    { title: ctx.t('menu.options.human'), value: MENU_VALUES.human },
    { title: ctx.t('menu.options.language'), value: MENU_VALUES.language },
  ];
}

export function showMenu(ctx: TurnContext, key = 'menu.prompt', options?: TOptions): void {
  ctx.sayKey(key, options, menuChoices(ctx));
}

/** "hi", "hola", "السلام عليكم": a greeting alone, not a question. */
export function isGreetingOnly(ctx: TurnContext, text: string): boolean {
  const normalized = normalizeText(text);
  if (!normalized) return true;
  const { translator } = ctx.services;
  const greetings = LANGUAGES.flatMap((language) => translator.list(language, 'menu.greetingWords')).map((word) => normalizeText(word));
  const words = normalized.split(' ');
  return words.every((word) => greetings.includes(word)) || greetings.includes(normalized);
}

async function startDialog(ctx: TurnContext, dialogId: string, args: Record<string, string> = {}): Promise<void> {
  try {
    await ctx.begin(dialogId, args);
  } catch (error) {
    if ((error as Error).message.includes('is not registered')) {
      ctx.state.stack.pop();
      ctx.sayKey('common.notAvailable');
      showMenu(ctx);
      return;
    }
    throw error;
  }
}

async function handleFreeText(ctx: TurnContext, text: string): Promise<void> {
  if (isGreetingOnly(ctx, text)) {
    showMenu(ctx);
    return;
  }
  await startDialog(ctx, 'troubleshoot', { query: text });
}

export const mainMenuDialog: Dialog = {
  id: ROOT_DIALOG,

  async begin(ctx, args) {
    if (args.returning) {
      showMenu(ctx, 'menu.anythingElse');
      return;
    }
    if (!ctx.state.greeted) {
      ctx.state.greeted = true;
      ctx.sayKey('menu.greeting');
    }
    if (ctx.input.kind === 'text' && !isGreetingOnly(ctx, ctx.input.text)) {
      await handleFreeText(ctx, ctx.input.text);
      return;
    }
    if (ctx.input.kind === 'choice' && ctx.input.value?.startsWith('menu:')) {
      await mainMenuDialog.continue(ctx);
      return;
    }
    showMenu(ctx);
  },

  async continue(ctx) {
    switch (ctx.input.value) {
      case MENU_VALUES.troubleshoot:
        await startDialog(ctx, 'troubleshoot', {});
        return;
      case MENU_VALUES.warranty:
        await startDialog(ctx, 'warranty', {});
        return;
      case MENU_VALUES.human:
        await ctx.escalate({ reason: 'user-request' });
        return;
      case MENU_VALUES.language:
        await ctx.begin('language', {});
        return;
    }
    if (ctx.input.kind === 'text' && ctx.input.text.trim()) {
      await handleFreeText(ctx, ctx.input.text);
      return;
    }
    showMenu(ctx);
  },

  resume(ctx) {
    showMenu(ctx, 'menu.anythingElse');
  },
};
