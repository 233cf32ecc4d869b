import type { GlobalCommand } from '../../src/core/dialog.js';
import { isOtherLanguage } from '../../src/core/language.js';
import { sayUnsupportedLanguage } from '../language/language-dialog.js';

/**
 * A message clearly in a language LockCare does not speak ("Bonjour, ma serrure ne marche pas",
 * "你好", "Olá, minha fechadura não abre"): say in English, Spanish and Arabic which languages are
 * supported, with those three and "talk to a person" (the language dialog), instead of searching
 * the FAQ in the wrong language. The test is `isOtherLanguage` in src/core/language.ts.
 */
export const otherLanguageCommand: GlobalCommand = {
  id: 'other-language',
  priority: 3,
  matches: isOtherLanguage,
  async run(ctx) {
    if (ctx.frame?.id === 'language') {
      sayUnsupportedLanguage(ctx);
      return;
    }
    await ctx.begin('language', { unsupported: true });
  },
};
