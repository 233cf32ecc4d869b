import type { Store } from '../store/store.js';
import { AgentLanguage, type AgentDirectory } from './agents-file.js';

const languageKey = (username: string) => `agent-language:${username}`;

/**
 * An agent's working language: set with `agents add --language`, changed from the console (kept
 * in the store, so every process sees it and the agents file stays the CLI's).
 */
export class AgentPreferences {
  constructor(
    private readonly store: Store,
    private readonly directory: AgentDirectory,
  ) {}

  async language(username: string): Promise<AgentLanguage> {
    const chosen = AgentLanguage.safeParse(await this.store.get(languageKey(username)));
    return chosen.success ? chosen.data : (this.directory.find(username)?.language ?? 'en');
  }

  async setLanguage(username: string, language: AgentLanguage): Promise<void> {
    await this.store.set(languageKey(username), language);
  }
}
