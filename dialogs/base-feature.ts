import { globalCommands } from './commands/index.js';
import { languageDialog } from './language/language-dialog.js';
import { mainMenuDialog } from './main-menu/main-menu-dialog.js';
import type { Feature } from '../src/core/dialog.js';

/** Greeting, main menu, language choice and the global commands. */
export const baseFeature: Feature = {
  name: 'base',
  dialogs: [mainMenuDialog, languageDialog],
  commands: globalCommands,
};
