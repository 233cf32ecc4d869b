import { globalCommands } from '../../dialogs/global-commands.js';
import { languageDialog } from '../../dialogs/language.js';
import { mainMenuDialog } from '../../dialogs/main-menu.js';
import type { Feature } from './dialog.js';

/** Greeting, main menu, language choice and the global commands. */
export const baseFeature: Feature = {
  name: 'base',
  dialogs: [mainMenuDialog, languageDialog],
  commands: globalCommands,
};
