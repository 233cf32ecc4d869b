import { ROOT_DIALOG, type Dialog, type TurnContext } from '../../src/core/dialog.js';
import { LANGUAGES, isLanguage, type Choice, type Json } from '../../src/core/types.js';

/**
 * What the language dialog ends with. A dialog it interrupted (warranty, troubleshooting) gets
 * this in `resume` and asks its current question again in the new language, keeping its place.
 */
export const LANGUAGE_CHANGED = { languageChanged: true } as const;

/** "Talk to a person", offered with the languages after a message in a language the bot does not speak. */
export const LANGUAGE_PERSON = 'lang:person';

export function isLanguageChange(result: Json | undefined): boolean {
  return typeof result === 'object' && result !== null && !Array.isArray(result) && result.languageChanged === true;
}

/** Pick the conversation's language; each option is written in its own language. */
function languageChoices(ctx: TurnContext): Choice[] {
  return LANGUAGES.map((language) => ({ title: ctx.services.translator.t(language, 'language.name'), value: `lang:${language}` }));
}

/**
 * The message was in a language LockCare does not speak: say in English, Spanish and Arabic which
 * languages it speaks (one message each, each in its own direction), with the three languages and
 * "talk to a person" (in all three) to choose from.
 */
export function sayUnsupportedLanguage(ctx: TurnContext): void {
  const { translator } = ctx.services;
  const person = { title: LANGUAGES.map((language) => translator.t(language, 'language.talkToPerson')).join(' / '), value: LANGUAGE_PERSON };
  LANGUAGES.forEach((language, index) => {
    const text = translator.t(language, 'language.unsupported');
    if (index < LANGUAGES.length - 1) ctx.reply({ type: 'text', text });
    else ctx.reply({ type: 'text', text, choices: [...languageChoices(ctx), person] });
  });
}

export const languageDialog: Dialog = {
  id: 'language',

  begin(ctx, args) {
    if (args.unsupported === true) {
      ctx.frame!.data = { unsupported: true };
      sayUnsupportedLanguage(ctx);
      return;
    }
    ctx.sayKey('language.prompt', undefined, languageChoices(ctx));
  },

  async continue(ctx) {
    const frame = ctx.frame!;
    if (ctx.input.value === LANGUAGE_PERSON) {
      await ctx.escalate({ reason: 'user-request', details: { otherLanguage: true } });
      if (ctx.frame === frame) ctx.state.stack.pop();
      return;
    }
    const picked = ctx.input.value?.startsWith('lang:') ? ctx.input.value.slice(5) : undefined;
    if (!isLanguage(picked)) {
      if (frame.data.unsupported === true && ctx.input.kind === 'text') {
        // After "I only write in English, Spanish and Arabic", a message in one of them goes on
        // where the conversation was.
        ctx.state.stack.pop();
        const parent = ctx.frame;
        if (parent) await ctx.services.dialogs.get(parent.id)?.continue(ctx);
        else await ctx.begin(ROOT_DIALOG, {});
        return;
      }
      ctx.sayKey('language.prompt', undefined, languageChoices(ctx));
      return;
    }
    ctx.setLanguage(picked, 'explicit');
    ctx.sayKey('language.changed');
    await ctx.end(LANGUAGE_CHANGED);
  },
};
