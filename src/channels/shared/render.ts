import type { ChannelCapabilities, Choice, Language, MediaAttachment, OutboundMessage } from '../../core/types.js';

/**
 * Channel-neutral encoding of the core's replies by capability. Adapters turn each
 * `RenderedMessage` into one platform call: choices become native buttons only when the channel
 * has them, else a numbered list in the text (the core maps "2", "dos", "٢" or the option's words
 * back through `state.lastChoices`); long text is split at sentence boundaries; RTL text is never
 * reordered.
 */
export type RenderedMessage =
  | {
      kind: 'text';
      text: string;
      /** Present only when the channel renders native buttons (`capabilities.choices`). */
      choices?: Choice[];
      language: Language;
      dir: 'ltr' | 'rtl';
    }
  | { kind: 'media'; media: MediaAttachment; caption?: string; language: Language; dir: 'ltr' | 'rtl' };

export interface RenderOptions {
  /** Prefix agent replies with the agent's name ("María: …"); default true. */
  labelAgents?: boolean;
}

/** Right-to-left mark: gives a list line that starts with a digit an RTL paragraph direction. */
export const RLM = '\u200F';

/** Render the core's outbound messages for a channel with the given capabilities. */
export function renderForChannel(
  messages: readonly OutboundMessage[],
  capabilities: Pick<ChannelCapabilities, 'choices' | 'media' | 'maxTextLength'>,
  options: RenderOptions = {},
): RenderedMessage[] {
  const rendered: RenderedMessage[] = [];
  for (const { reply, language, dir, author } of messages) {
    const label = author.kind === 'agent' && options.labelAgents !== false ? `${dir === 'rtl' ? RLM : ''}${author.name}: ` : '';
    if (reply.type === 'media') {
      if (capabilities.media) {
        const caption = reply.text ?? reply.media.caption;
        rendered.push({ kind: 'media', media: reply.media, ...(caption ? { caption: label + caption } : {}), language, dir });
        continue;
      }
      const text = [reply.text ?? reply.media.caption, reply.media.url].filter(Boolean).join('\n');
      if (text) for (const part of splitText(label + text, capabilities.maxTextLength)) rendered.push({ kind: 'text', text: part, language, dir });
      continue;
    }
    const choices = reply.type === 'text' ? reply.choices : undefined;
    if (choices && choices.length > 0 && capabilities.choices) {
      const parts = splitText(label + reply.text, capabilities.maxTextLength);
      parts.forEach((part, index) =>
        rendered.push({ kind: 'text', text: part, language, dir, ...(index === parts.length - 1 ? { choices } : {}) }),
      );
      continue;
    }
    const body = choices && choices.length > 0 ? `${reply.text}\n\n${numberedList(choices, dir)}` : reply.text;
    for (const part of splitText(label + body, capabilities.maxTextLength)) rendered.push({ kind: 'text', text: part, language, dir });
  }
  return rendered;
}

/** "1. First\n2. Second" — each RTL line starts with an RLM so "1." sits on the right. */
export function numberedList(choices: readonly Choice[], dir: 'ltr' | 'rtl' = 'ltr'): string {
  const mark = dir === 'rtl' ? RLM : '';
  return choices.map((choice, index) => `${mark}${index + 1}. ${choice.title}`).join('\n');
}

/** Sentence enders of English, Spanish and Arabic/Urdu (؟ ۔), plus closing quotes or brackets. */
const SENTENCE_END = /[.!?…؟۔！？。]+["'”’»)\]]*(?=\s)/g;
const LIST_NUMBER_BEFORE = /(?:^|\n)\u200F?\d{1,3}\.$/;
/** Spanish opening marks start a sentence: a cut right before them is a sentence boundary. */
const SENTENCE_START = /\s(?=[¿¡])/g;

/**
 * Split text into chunks of at most `maxLength` characters, cutting at the last paragraph or
 * sentence boundary that fits; else at the last space; a single word longer than the limit is
 * cut as a last resort (never inside a surrogate pair). Characters are never reordered.
 */
export function splitText(text: string, maxLength: number): string[] {
  const limit = Math.max(1, Math.floor(maxLength));
  const chunks: string[] = [];
  let rest = text.trim();
  while (rest.length > limit) {
    const cut = findCut(rest, limit);
    const head = rest.slice(0, cut).trimEnd();
    if (head) chunks.push(head);
    rest = rest.slice(cut).trimStart();
  }
  if (rest) chunks.push(rest);
  return chunks;
}

/** Where the first chunk ends: `text.slice(0, cut)` is at most `limit` characters long. */
function findCut(text: string, limit: number): number {
  const window = text.slice(0, limit + 1);
  let best = Math.max(0, window.lastIndexOf('\n', limit));
  for (const match of window.matchAll(SENTENCE_END)) {
    // "2. " at the start of a line is a list number, not the end of a sentence.
    if (LIST_NUMBER_BEFORE.test(window.slice(Math.max(0, match.index - 6), match.index + 1))) continue;
    const end = match.index + match[0].length;
    if (end <= limit && end > best) best = end;
  }
  for (const match of window.matchAll(SENTENCE_START)) {
    if (match.index <= limit && match.index > best) best = match.index;
  }
  if (best > 0) return best;
  for (let index = Math.min(limit, text.length - 1); index > 0; index -= 1) {
    if (/\s/.test(text[index]!)) return index;
  }
  // One very long word: cut at the limit, but not between the halves of a surrogate pair.
  const code = text.charCodeAt(limit - 1);
  return code >= 0xd800 && code <= 0xdbff && limit > 1 ? limit - 1 : limit;
}
