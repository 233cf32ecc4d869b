import { hash } from 'node:crypto';
import type { ConversationState } from './types.js';

/**
 * Which question a set of choices answers. A choice the channel sends back carries the id of
 * the prompt it was offered with; when the conversation has moved on (a double click, a second
 * tab, a button of an older message) the id no longer matches and the answer is ignored instead
 * of being applied to a question the user never saw. The id is derived from the state that waits
 * for the answer (the dialog frame and the choices offered), so it needs no extra storage and is
 * the same on every process.
 */
export function promptIdOf(state: Pick<ConversationState, 'stack' | 'lastChoices'>): string | undefined {
  if (!state.lastChoices || state.lastChoices.length === 0) return undefined;
  const frame = state.stack[state.stack.length - 1];
  const waiting = JSON.stringify([frame?.id ?? '', frame?.step ?? '', frame?.data ?? {}, state.lastChoices.map((choice) => choice.value)]);
  // The one-shot hash gives the same digest as createHash() without a Hash object per turn.
  return hash('sha256', waiting, 'base64url').slice(0, 12);
}

/** True when an answer names a prompt that is no longer the one waiting (see promptIdOf). */
export function isStaleAnswer(state: Pick<ConversationState, 'stack' | 'lastChoices'>, prompt: string | undefined): boolean {
  return prompt !== undefined && prompt !== promptIdOf(state);
}
