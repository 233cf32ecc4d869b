import type { Dialog } from '../../src/core/dialog.js';
import { LANGUAGES, isLanguage, type Choice, type Json } from '../../src/core/types.js';

/**
 * What the language dialog ends with. A dialog it interrupted (warranty, troubleshooting) gets
 * this in `resume` and asks its current question again in the new language, keeping its place.
 */
export const LANGUAGE_CHANGED = { languageChanged: true } as const;

export function isLanguageChange(result: Json | undefined): boolean {
  return typeof result === 'object' && result !== null && !Array.isArray(result) && result.languageChanged === true;
}

/** Pick the conversation's language; each option is written in its own language. */
function languageChoices(ctx: Parameters<Dialog['begin']>[0]): Choice[] {
  return LANGUAGES.map((language) => ({ title: ctx.services.translator.t(language, 'language.name'), value: `lang:${language}` }));
}

export const languageDialog: Dialog = {
  id: 'language',

  begin(ctx) {
    ctx.sayKey('language.prompt', undefined, languageChoices(ctx));
  },

  async continue(ctx) {
    const picked = ctx.input.value?.startsWith('lang:') ? ctx.input.value.slice(5) : undefined;
    if (!isLanguage(picked)) {
      ctx.sayKey('language.prompt', undefined, languageChoices(ctx));
      return;
    }
    ctx.setLanguage(picked, 'explicit');
    ctx.sayKey('language.changed');
    await ctx.end(LANGUAGE_CHANGED);
  },
};
