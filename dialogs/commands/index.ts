import type { GlobalCommand } from '../../src/core/dialog.js';
import { cancelCommand } from './cancel.js';
import { helpCommand, helpWhileHandedOffCommand } from './help.js';
import { humanCommand, humanWhileHandedOffCommand } from './human.js';
import { backCommand, greetingWhileWaitingCommand, languageCommand, menuCommand, menuWhileWaitingCommand } from './navigation.js';
import { otherLanguageCommand } from './other-language.js';
import { urgentCommand } from './urgent.js';
import { warrantyCheckCommand } from './warranty-check.js';

/**
 * Commands that are not dialogs: they work at any step in English, Spanish and Arabic (words in
 * `locales/<lng>/commands.json`). Each file holds one command and, when it differs while a person
 * owns the conversation, its handed-off variant (`when: 'handed-off'`).
 */
export { backCommand, cancelCommand, helpCommand, humanCommand, languageCommand, menuCommand, otherLanguageCommand, urgentCommand, warrantyCheckCommand };

/** With the bot, and `cancel` at any time (the base feature). */
export const globalCommands: GlobalCommand[] = [humanCommand, cancelCommand, menuCommand, helpCommand, languageCommand, backCommand, otherLanguageCommand, warrantyCheckCommand];

/** What the escalation feature adds: urgent situations, and "human" / "help" while handed off. */
export const handoffCommands: GlobalCommand[] = [urgentCommand, humanWhileHandedOffCommand, helpWhileHandedOffCommand, menuWhileWaitingCommand, greetingWhileWaitingCommand];
