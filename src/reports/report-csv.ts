import type { Durations, Report, SatisfactionCounts, SlaCounts } from './report-query.js';

/**
 * The report as CSV, one figure per row, so a spreadsheet can pivot it:
 * `section,period,priority,channel,language,topic,agent,ticket,metric,value`.
 * Empty cells mean "all"; durations are in milliseconds, rates in percent.
 */
export const CSV_HEADER = ['section', 'period', 'priority', 'channel', 'language', 'topic', 'agent', 'ticket', 'metric', 'value'] as const;
type Column = (typeof CSV_HEADER)[number];
type Row = Partial<Record<Column, string | number | null>>;

/** One CSV cell: quoted when needed, and text a spreadsheet would run as a formula made inert. */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  // Quote when needed; a leading = + - @ would be read as a formula by spreadsheets.
  const safe = typeof value === 'string' && text.length > 1 && /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function reportToCsv(report: Report): string {
  const rows: Row[] = [];
  const period = `${report.range.from}..${report.range.to}`;
  const base = { channel: report.filters.channel, language: report.filters.language };
  const sla = (where: Row, counts: SlaCounts) => {
    rows.push({ ...base, ...where, section: 'sla', metric: 'within', value: counts.within });
    rows.push({ ...base, ...where, section: 'sla', metric: 'breached', value: counts.breached });
    rows.push({ ...base, ...where, section: 'sla', metric: 'percent_within', value: counts.percentWithin });
  };
  const durations = (section: string, where: Row, value: Durations) => {
    rows.push({ ...base, ...where, section, metric: 'count', value: value.count });
    rows.push({ ...base, ...where, section, metric: 'median_ms', value: value.medianMs });
    rows.push({ ...base, ...where, section, metric: 'p90_ms', value: value.p90Ms });
  };
  const satisfaction = (where: Row, counts: SatisfactionCounts) => {
    for (const [metric, value] of [
      ['surveyed', counts.surveyed],
      ['answered', counts.answered],
      ['satisfied', counts.satisfied],
      ['csat_percent', counts.csat],
      ['response_rate_percent', counts.responseRate],
      ['average_score', counts.averageScore],
    ] as const) {
      rows.push({ ...base, ...where, section: 'satisfaction', metric, value });
    }
  };

  sla({ period }, report.sla.total);
  for (const week of report.sla.weeks) {
    sla({ period: week.week }, week);
    for (const [priority, counts] of Object.entries(week.byPriority)) sla({ period: week.week, priority }, counts);
    for (const [channel, counts] of Object.entries(week.byChannel)) sla({ period: week.week, channel }, counts);
    for (const [language, counts] of Object.entries(week.byLanguage)) sla({ period: week.week, language }, counts);
  }
  for (const [priority, counts] of Object.entries(report.sla.byPriority)) sla({ period, priority }, counts);
  for (const [channel, counts] of Object.entries(report.sla.byChannel)) sla({ period, channel }, counts);
  for (const [language, counts] of Object.entries(report.sla.byLanguage)) sla({ period, language }, counts);
  for (const breach of report.sla.breaches) {
    rows.push({ section: 'breach', period: breach.createdAt, priority: breach.priority, channel: breach.channel, language: breach.language, ticket: breach.ticket, metric: 'first_reply_at', value: breach.firstReplyAt ?? '' });
  }
  durations('first_reply', { period }, report.sla.firstReply);
  for (const [priority, value] of Object.entries(report.sla.firstReply.byPriority)) durations('first_reply', { period, priority }, value);
  durations('resolution', { period }, report.sla.resolution);
  for (const [priority, value] of Object.entries(report.sla.resolution.byPriority)) durations('resolution', { period, priority }, value);

  const self = report.selfService;
  for (const [metric, value] of [
    ['conversations', self.conversations],
    ['solved_by_bot', self.solved],
    ['tickets', self.tickets],
    ['deflection_percent', self.deflectionRate],
  ] as const) {
    rows.push({ ...base, period, section: 'self_service', metric, value });
  }
  for (const row of self.topics) {
    const where = { ...base, period, section: 'self_service', topic: row.topic, language: row.language };
    rows.push({ ...where, metric: 'conversations', value: row.conversations });
    rows.push({ ...where, metric: 'solved_by_bot', value: row.solved });
    rows.push({ ...where, metric: 'tickets', value: row.tickets });
    rows.push({ ...where, metric: 'deflection_percent', value: row.deflectionRate });
  }

  satisfaction({ period }, report.satisfaction);
  for (const week of report.satisfaction.weeks) satisfaction({ period: week.week }, week);
  for (const [channel, counts] of Object.entries(report.satisfaction.byChannel)) satisfaction({ period, channel }, counts);
  for (const [language, counts] of Object.entries(report.satisfaction.byLanguage)) satisfaction({ period, language }, counts);
  for (const [agent, counts] of Object.entries(report.satisfaction.byAgent)) satisfaction({ period, agent }, counts);

  for (const gap of report.contentGaps) rows.push({ ...base, period, section: 'content_gap', topic: gap.topic, language: gap.language, metric: 'messages', value: gap.count });

  for (const which of ['conversations', 'tickets'] as const) {
    report.volume[which].byHour.forEach((value, hour) => rows.push({ ...base, period, section: `volume_${which}`, metric: `hour_${String(hour).padStart(2, '0')}`, value }));
    report.volume[which].byWeekday.forEach((value, day) => rows.push({ ...base, period, section: `volume_${which}`, metric: `weekday_${day + 1}`, value }));
  }

  const lines = [CSV_HEADER.join(','), ...rows.map((row) => CSV_HEADER.map((column) => csvCell(row[column])).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}
