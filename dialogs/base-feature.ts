import { globalCommands } from './commands/index.js';
import { EMAIL_INTAKE_DIALOG, emailIntakeDialog } from './email-intake/email-intake-dialog.js';
import { languageDialog } from './language/language-dialog.js';
import { mainMenuDialog } from './main-menu/main-menu-dialog.js';
import type { Feature } from '../src/core/dialog.js';

/** Greeting, main menu, language choice, the global commands, and how an e-mail conversation opens. */
export const baseFeature: Feature = {
  name: 'base',
  dialogs: [mainMenuDialog, languageDialog, emailIntakeDialog],
  commands: globalCommands,
  channelRoots: { email: EMAIL_INTAKE_DIALOG },
};
