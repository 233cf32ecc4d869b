import { drawCharts } from './reports-charts.js';

/**
 * The console's Reports page: filters, then the figures of GET /api/agent/reports as tables and
 * Chart.js charts, and the yearly survey with its PDCA actions (admins edit, agents read).
 * Every word comes from locales/<lng>/reports.json (GET /console/reports/strings/<lng>);
 * values are written with textContent only.
 */
const $ = (id) => document.getElementById(id);
const LANGUAGES = ['en', 'es', 'ar'];
const CHANNELS = ['web', 'whatsapp', 'wechat', 'teams', 'terminal'];
let strings = {};
let session = null;

function t(key, options = {}) {
  let value = key.split('.').reduce((node, part) => (node && typeof node === 'object' ? node[part] : undefined), strings);
  if (value === undefined) return key;
  if (options.returnObjects) return value;
  return String(value).replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name) => String(options[name] ?? ''));
}

function pageLanguage() {
  const asked = new URLSearchParams(location.search).get('lang') ?? localStorage.getItem('lockcare.reports.lang') ?? navigator.language.slice(0, 2);
  return LANGUAGES.includes(asked) ? asked : 'en';
}

async function loadStrings(language) {
  strings = await (await fetch(`/console/reports/strings/${language}`)).json();
  document.documentElement.lang = language;
  document.documentElement.dir = language === 'ar' ? 'rtl' : 'ltr';
  document.title = `LockCare · ${t('title')}`;
  for (const element of document.querySelectorAll('[data-i18n]')) element.textContent = t(element.dataset.i18n);
}

function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (className) node.className = className;
  return node;
}

function table(headers, rows) {
  const node = el('table');
  const head = node.createTHead().insertRow();
  for (const header of headers) head.append(el('th', header));
  const body = node.createTBody();
  for (const row of rows) {
    const line = body.insertRow();
    for (const value of row) {
      if (value instanceof Node) line.insertCell().append(value);
      else line.append(el('td', value ?? '–', typeof value === 'number' ? 'num' : undefined));
    }
  }
  return node;
}

const pct = (value) => (value === null || value === undefined ? '–' : t('percent', { value }));
const duration = (ms) => {
  if (ms === null || ms === undefined) return '–';
  const minutes = Math.round(ms / 60000);
  return t('duration', { hours: Math.floor(minutes / 60), minutes: minutes % 60 });
};
const when = (iso) => (iso ? new Date(iso).toLocaleString(document.documentElement.lang, { dateStyle: 'short', timeStyle: 'short' }) : '–');
const channelName = (name) => t(`channels.${name}`);
const languageName = (code) => t(`languages.${code}`);

function fillSelect(select, values, label) {
  const current = select.value;
  select.replaceChildren(Object.assign(el('option', t('filters.all')), { value: '' }), ...values.map((value) => Object.assign(el('option', label(value)), { value })));
  select.value = current;
}

function query() {
  const params = new URLSearchParams({ from: $('from').value, to: $('to').value });
  if ($('channel').value) params.set('channel', $('channel').value);
  if ($('language').value) params.set('language', $('language').value);
  return params;
}

function renderSla(report) {
  const { sla } = report;
  $('sla-total').textContent = `${pct(sla.total.percentWithin)} · ${t('sla.within')} ${sla.total.within} · ${t('sla.breached')} ${sla.total.breached}`;
  const breakdown = (title, map, name) => {
    const box = el('div');
    box.append(el('h3', title), table([t('sla.by'), t('sla.within'), t('sla.breached'), t('sla.percentWithin')], Object.entries(map).map(([key, counts]) => [name(key), counts.within, counts.breached, pct(counts.percentWithin)])));
    return box;
  };
  $('sla-tables').replaceChildren(
    breakdown(t('sla.byPriority'), sla.byPriority, (key) => t(`priorities.${key}`)),
    breakdown(t('sla.byChannel'), sla.byChannel, channelName),
    breakdown(t('sla.byLanguage'), sla.byLanguage, languageName),
  );
  $('sla-times').replaceChildren(
    table(
      ['', t('sla.count'), t('sla.median'), t('sla.p90')],
      [
        [t('sla.firstReply'), sla.firstReply.count, duration(sla.firstReply.medianMs), duration(sla.firstReply.p90Ms)],
        [t('sla.resolution'), sla.resolution.count, duration(sla.resolution.medianMs), duration(sla.resolution.p90Ms)],
      ],
    ),
  );
  $('sla-breaches').replaceChildren(
    sla.breaches.length === 0
      ? el('p', t('empty'), 'muted')
      : table(
          [t('sla.ticket'), t('filters.channel'), t('filters.language'), t('sla.openedAt'), t('sla.dueAt'), t('sla.firstReplyAt')],
          sla.breaches.map((breach) => [breach.ticket, channelName(breach.channel), languageName(breach.language), when(breach.createdAt), when(breach.dueAt), breach.firstReplyAt ? when(breach.firstReplyAt) : t('sla.noReply')]),
        ),
  );
}

function renderSelfService(report) {
  const self = report.selfService;
  $('self-summary').replaceChildren(
    table(
      [t('selfService.conversations'), t('selfService.topicConversations'), t('selfService.solved'), t('selfService.tickets'), t('selfService.deflection')],
      [[self.conversations, self.topicConversations, self.solved, self.tickets, pct(self.deflectionRate)]],
    ),
  );
  $('self-topics').replaceChildren(
    table(
      [t('selfService.topic'), t('selfService.language'), t('selfService.topicConversations'), t('selfService.solved'), t('selfService.tickets'), t('selfService.deflection')],
      self.topics.map((row) => [row.topic === '-' ? t('selfService.noTopic') : row.topic, languageName(row.language), row.conversations, row.solved, row.tickets, pct(row.deflectionRate)]),
    ),
  );
}

function renderSatisfaction(report) {
  const sat = report.satisfaction;
  const headers = (first) => [first, t('satisfaction.surveyed'), t('satisfaction.answered'), t('satisfaction.csat'), t('satisfaction.responseRate'), t('satisfaction.average')];
  const rows = (map, name) => Object.entries(map).map(([key, counts]) => [name(key), counts.surveyed, counts.answered, pct(counts.csat), pct(counts.responseRate), counts.averageScore ?? '–']);
  $('sat-summary').replaceChildren(table(headers(''), [['', sat.surveyed, sat.answered, pct(sat.csat), pct(sat.responseRate), sat.averageScore ?? '–']]));
  $('sat-tables').replaceChildren(
    table(headers(t('satisfaction.channel')), rows(sat.byChannel, channelName)),
    table(headers(t('satisfaction.language')), rows(sat.byLanguage, languageName)),
    table(headers(t('satisfaction.agent')), rows(sat.byAgent, (agent) => (agent === '-' ? '–' : agent))),
  );
}

function renderGaps(report) {
  $('gaps').replaceChildren(
    report.contentGaps.length === 0
      ? el('p', t('empty'), 'muted')
      : table(
          [t('gaps.topic'), t('gaps.language'), t('gaps.count'), t('gaps.samples')],
          report.contentGaps.map((gap) => {
            const samples = el('ul', undefined, 'samples');
            for (const text of gap.samples) samples.append(Object.assign(el('li', text), { dir: 'auto' }));
            return [gap.topic === '-' ? t('selfService.noTopic') : gap.topic, languageName(gap.language), gap.count, samples];
          }),
        ),
  );
}

/** Free-text answers: as written, their language, and the translation into the page's language. */
function commentsTable(comments, translation) {
  const rows = comments.map((comment) => {
    const original = Object.assign(el('span', comment.original), { dir: 'auto' });
    let translated;
    if (comment.status === 'translated') translated = Object.assign(el('span', comment.translation, 'translated'), { dir: 'auto' });
    else if (comment.status === 'failed') translated = el('span', t('survey.translationFailed'), 'muted translation-failed');
    else translated = el('span', '–', 'muted');
    return [languageName(comment.language), original, translated];
  });
  const box = el('div', undefined, 'comments');
  if (!translation.enabled) box.append(el('p', t('survey.translationOff'), 'muted translation-off'));
  box.append(table([t('survey.commentLanguage'), t('survey.original'), `${t('survey.translation')} (${languageName(translation.language)})`], rows));
  return box;
}

async function renderSurvey(year) {
  const language = document.documentElement.lang;
  const response = await fetch(`/api/agent/surveys/${year}?lang=${language}`);
  const box = $('survey');
  if (!response.ok) {
    box.replaceChildren(el('p', t('survey.none', { year }), 'muted'));
    return;
  }
  const { campaign, results, pdca, comments, translation, publish } = await response.json();
  if (!campaign) {
    box.replaceChildren(el('p', t('survey.none', { year }), 'muted'));
  } else {
    const scoreRows = (map, name) => Object.entries(map).map(([key, value]) => [name(key), value.answered, value.overall ?? '–', value.speed ?? '–']);
    const scoreHeaders = (first) => [first, t('survey.answered'), t('survey.overall'), t('survey.speed')];
    box.replaceChildren(
      table(
        [t('survey.year'), t('survey.status'), t('survey.selected'), t('survey.sent'), t('survey.skipped'), t('survey.answered'), t('survey.optedOut')],
        [[campaign.year, t(`survey.statuses.${campaign.status}`), campaign.selected, campaign.sent, campaign.skipped, results.answered, campaign.optedOut ?? 0]],
      ),
      table([t('survey.reason'), t('survey.skipped')], Object.entries(campaign.skippedByReason ?? {}).map(([reason, count]) => [reason, count])),
      table(scoreHeaders(t('survey.byLanguage')), scoreRows(results.byLanguage, languageName)),
      table(scoreHeaders(t('survey.byChannel')), scoreRows(results.byChannel, channelName)),
      table(scoreHeaders(t('survey.byTopic')), scoreRows(results.byTopic, (topic) => (topic === '-' ? t('selfService.noTopic') : topic))),
      el('h3', t('survey.comments')),
      commentsTable(comments, translation),
      Object.assign(el('a', t('survey.answersCsv')), { id: 'survey-csv', href: `/api/agent/surveys/${year}/answers.csv?lang=${language}`, download: '' }),
    );
  }
  for (const part of ['plan', 'do', 'check', 'act']) $(`pdca-${part}`).value = pdca?.[part] ?? '';
  for (const code of LANGUAGES) {
    $(`pdca-actions-${code}-label`).textContent = t('pdca.actions', { language: languageName(code) });
    $(`pdca-actions-${code}`).value = pdca?.actions?.[code] ?? '';
  }
  const toTell = Object.entries(publish?.languages ?? {});
  $('pdca-publish').replaceChildren(
    ...(toTell.length === 0
      ? []
      : [el('span', t('pdca.toTell')), ...toTell.map(([code, entry]) => el('span', t('pdca.customers', { language: languageName(code), count: entry.recipients, source: t(`pdca.sources.${entry.text}`) }), entry.text === 'missing' ? 'missing' : undefined))]),
  );
  $('pdca-status').textContent = pdca?.updatedBy ? t('pdca.updatedBy', { agent: pdca.updatedBy, at: when(pdca.updatedAt) }) : '';
}

async function load() {
  $('message').textContent = t('loading');
  const response = await fetch(`/api/agent/reports?${query()}`);
  if (!response.ok) {
    $('message').textContent = t('loadFailed');
    return;
  }
  const report = await response.json();
  $('csv').href = `/api/agent/reports.csv?${query()}`;
  renderSla(report);
  renderSelfService(report);
  renderSatisfaction(report);
  renderGaps(report);
  $('report').hidden = false;
  drawCharts(report, t, document.documentElement.dir === 'rtl');
  await renderSurvey(Number(report.range.to.slice(0, 4)));
  $('message').textContent = '';
  document.body.dataset.ready = 'true';
}

async function start() {
  const language = pageLanguage();
  $('page-language').value = language;
  await loadStrings(language);
  const who = await fetch('/api/agent/session');
  if (!who.ok) {
    $('message').textContent = t('signInFirst');
    return;
  }
  session = (await who.json()).agent;
  const admin = session.role === 'admin';
  $('pdca-readonly').hidden = admin;
  for (const field of document.querySelectorAll('#pdca textarea, #pdca button')) field.disabled = !admin;
  fillSelect($('channel'), CHANNELS, channelName);
  fillSelect($('language'), LANGUAGES, languageName);
  // The range: ?from=&to= in the address, else the last four weeks.
  const params = new URLSearchParams(location.search);
  const today = new Date();
  $('to').value = params.get('to') ?? today.toISOString().slice(0, 10);
  $('from').value = params.get('from') ?? new Date(Date.parse($('to').value) - 27 * 86400000).toISOString().slice(0, 10);
  $('filters').hidden = false;
  await load();
}

$('filters').addEventListener('submit', (event) => {
  event.preventDefault();
  void load();
});
$('page-language').addEventListener('change', () => {
  localStorage.setItem('lockcare.reports.lang', $('page-language').value);
  const url = new URL(location.href);
  url.searchParams.set('lang', $('page-language').value);
  location.href = url.toString();
});
$('pdca').addEventListener('submit', async (event) => {
  event.preventDefault();
  const year = Number($('to').value.slice(0, 4));
  const body = Object.fromEntries(['plan', 'do', 'check', 'act'].map((part) => [part, $(`pdca-${part}`).value]));
  body.actions = Object.fromEntries(LANGUAGES.map((code) => [code, $(`pdca-actions-${code}`).value]));
  const response = await fetch(`/api/agent/surveys/${year}/pdca`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  $('pdca-status').textContent = response.ok ? t('pdca.saved') : t('loadFailed');
});

void start();
