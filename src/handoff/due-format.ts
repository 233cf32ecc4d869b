import type { Language } from '../core/types.js';

const LOCALES: Record<Language, string> = { en: 'en-GB', es: 'es-ES', ar: 'ar' };

function isTimeZone(zone: string | undefined): zone is string {
  if (!zone) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * The deadline as the customer reads it: weekday, date and time written for their language,
 * in their time zone when the channel told us (else UTC), with the zone named.
 * en → "Sunday, 22 November 2026 at 14:00 GST"; es → "domingo, 22 de noviembre de 2026, 11:00 CET";
 * ar → "الأحد، 22 نوفمبر 2026 في 10:00 ص UTC".
 */
export function formatDueTime(due: Date, language: Language, timeZone?: string): string {
  const zone = isTimeZone(timeZone) ? timeZone : 'UTC';
  return new Intl.DateTimeFormat(LOCALES[language], {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZone: zone,
    timeZoneName: 'short',
  }).format(due);
}
