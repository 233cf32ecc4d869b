import type { GlobalCommand, TurnContext } from './dialog.js';
import type { Translator } from './i18n.js';
import { normalizeText } from './normalize.js';
import { LANGUAGES } from './types.js';

interface CommandWords {
  words: Set<string>;
  phrases: string[];
}

const cache = new WeakMap<Translator, Map<string, CommandWords>>();

function wordsOf(translator: Translator, id: string): CommandWords {
  let perTranslator = cache.get(translator);
  if (!perTranslator) cache.set(translator, (perTranslator = new Map()));
  let entry = perTranslator.get(id);
  if (!entry) {
    const words = new Set<string>();
    const phrases: string[] = [];
    for (const language of LANGUAGES) {
      for (const [kind, target] of [['words', words], ['phrases', phrases]] as const) {
        for (const item of translator.list(language, `commands.${id}.${kind}`)) {
          const normalized = normalizeText(String(item));
          if (!normalized) continue;
          if (target instanceof Set) target.add(normalized);
          else target.push(normalized);
        }
      }
    }
    entry = { words, phrases };
    perTranslator.set(id, entry);
  }
  return entry;
}

/**
 * The global commands a message asks for, in priority order (the list is sorted by the core), in
 * any of the three languages: the whole message is one of a command's words ("menu", "ayuda",
 * "مساعدة"), or contains one of its phrases ("talk to a person", "hablar con un agente", "اكلم موظف"),
 * or the command's own `matches` test says so.
 */
export function findCommands(commands: readonly GlobalCommand[], text: string, translator: Translator): GlobalCommand[] {
  const normalized = normalizeText(text);
  if (!normalized) return [];
  // Whole-message words only make sense for short messages; phrases ("a guest is locked in",
  // "talk to a person") count wherever they stand, however long the message.
  const short = normalized.length <= 80;
  const padded = ` ${normalized} `;
  return commands.filter((command) => {
    const { words, phrases } = wordsOf(translator, command.id);
    return (short && words.has(normalized)) || phrases.some((phrase) => padded.includes(` ${phrase} `)) || command.matches?.(text) === true;
  });
}

/** The first command a message asks for (see `findCommands`). */
export function findCommand(commands: readonly GlobalCommand[], text: string, translator: Translator): GlobalCommand | undefined {
  return findCommands(commands, text, translator)[0];
}

/** Does a command apply in the conversation's mode (`bot`, or handed off to a person)? */
export function appliesIn(command: GlobalCommand, handedOff: boolean): boolean {
  const when = command.when ?? 'bot';
  return when === 'always' || (when === 'handed-off') === handedOff;
}

/**
 * Run candidates grammY-style: the first runs; calling `next()` declines and hands the turn to
 * the next candidate, and after the last to `fallback` (the dialog, or the handoff).
 */
export async function runCommands(candidates: readonly GlobalCommand[], ctx: TurnContext, fallback: () => Promise<void>): Promise<void> {
  const step = async (index: number): Promise<void> => {
    const command = candidates[index];
    if (!command) return fallback();
    await command.run(ctx, () => step(index + 1));
  };
  await step(0);
}
