import type { GlobalCommand } from './dialog.js';
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
 * Find the global command a message asks for, in any of the three languages: the whole
 * message is one of its words ("menu", "ayuda", "مساعدة"), or contains one of its phrases
 * ("talk to a person", "hablar con un agente", "اكلم موظف").
 */
export function findCommand(commands: readonly GlobalCommand[], text: string, translator: Translator): GlobalCommand | undefined {
  const normalized = normalizeText(text);
  if (!normalized) return undefined;
  // Whole-message words only make sense for short messages; phrases ("a guest is locked in",
  // "talk to a person") count wherever they stand, however long the message.
  const short = normalized.length <= 80;
  const padded = ` ${normalized} `;
  for (const command of commands) {
    const { words, phrases } = wordsOf(translator, command.id);
    if (short && words.has(normalized)) return command;
    if (phrases.some((phrase) => padded.includes(` ${phrase} `))) return command;
  }
  return undefined;
}
