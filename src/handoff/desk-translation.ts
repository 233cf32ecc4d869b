import type { TranscriptEntry } from '../core/transcript.js';
import { isLanguage } from '../core/types.js';
import type { AgentLanguage } from './agents-file.js';
import type { DeskTranslator } from './desk-translator.js';

/** A transcript entry as the console shows it to one agent. */
export interface DeskTranscriptEntry extends TranscriptEntry {
  /** A customer message the model could not translate just now (the console says so). */
  translationFailed?: true;
}

/**
 * The transcript in the agent's language: each customer message written in another language
 * gets `original` (as written) and `translation` (into the agent's language, with the model);
 * each translated agent reply shows what the agent wrote (`original`) and what was sent
 * (`translation`, the same as `text`). Bot messages and notices, written in the customer's language, get a
 * translation the same way, so the agent reads what the bot already told the customer. A failed
 * translation marks the entry and never fails the view.
 */
export async function transcriptForAgent(entries: TranscriptEntry[], agentLanguage: AgentLanguage, translator: DeskTranslator | undefined): Promise<DeskTranscriptEntry[]> {
  return Promise.all(
    entries.map(async (entry): Promise<DeskTranscriptEntry> => {
      if (entry.from === 'agent' && entry.original !== undefined && entry.original !== entry.text) return { ...entry, translation: entry.text };
      if (!translator || entry.from === 'agent' || !entry.text.trim() || !isLanguage(entry.language) || entry.language === agentLanguage) return entry;
      try {
        const translated = await translator.translate(entry.text, entry.language, agentLanguage);
        if (translated.text === entry.text) return entry;
        return { ...entry, original: entry.text, translation: translated.text, model: translated.model };
      } catch {
        return { ...entry, translationFailed: true };
      }
    }),
  );
}
