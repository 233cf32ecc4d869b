import type { Translate } from '../../core/i18n.js';
import type { TranscriptEntry } from '../../core/stored-forms.js';

/**
 * A conversation as plain text for the customer's "download transcript": one line per message,
 * with its time in the customer's time zone and who wrote it. Files the customer sent are
 * named, never included.
 */
export function formatTranscript(entries: TranscriptEntry[], options: { translate: Translate; timeZone: string; language: string }): string {
  const { translate: t } = options;
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat(options.language, { dateStyle: 'short', timeStyle: 'short', timeZone: options.timeZone });
  } catch {
    format = new Intl.DateTimeFormat(options.language, { dateStyle: 'short', timeStyle: 'short', timeZone: 'UTC' });
  }
  const lines = [t('webchat.transcriptTitle'), ''];
  for (const entry of entries) {
    if (entry.from === 'customer' && !entry.text && !entry.media) continue;
    const who =
      entry.from === 'customer' ? t('webchat.you')
      : entry.from === 'agent' ? t('webchat.agent', { name: entry.author ?? '' })
      : t('webchat.botName');
    const body = [entry.text, entry.media ? t('webchat.attachment', { name: entry.media.fileName ?? entry.media.kind }) : '']
      .filter(Boolean)
      .join(' ');
    lines.push(`[${format.format(new Date(entry.at))}] ${who}: ${body}`);
    if (entry.choices && entry.choices.length > 0) lines.push(`    ${entry.choices.map((choice) => `[${choice}]`).join(' ')}`);
  }
  return `${lines.join('\n')}\n`;
}
