import type { OutboundMessage } from '../../core/types.js';

/** Plain-text rendering for the terminal: choices as a numbered list, agent replies labelled. */
export function renderForTerminal(messages: OutboundMessage[]): string {
  const lines: string[] = [];
  for (const { reply, author, dir } of messages) {
    const mark = dir === 'rtl' ? '\u200F' : '';
    const who = author.kind === 'agent' ? `${author.name}: ` : 'bot: ';
    const text = reply.type === 'media' ? (reply.text ?? reply.media.url ?? '') : reply.text;
    lines.push(`${who}${mark}${text}`);
    if (reply.type === 'text' && reply.choices) {
      reply.choices.forEach((choice, index) => lines.push(`   ${index + 1}. ${mark}${choice.title}`));
    }
  }
  return lines.join('\n');
}
