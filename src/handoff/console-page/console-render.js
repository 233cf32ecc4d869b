// Rendering for the console. Every value from the server is set with textContent (or as an
// attribute through the DOM API): a customer's "<script>" or "<b>" is shown as text, never run.
import { t } from './console-strings.js';

const ARABIC = /[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]/;
// Serial numbers, ticket numbers, Latin words: runs of Latin letters and digits (inner - _ / : . #
// allowed), not ending in punctuation, so "LC-000123." keeps its full stop on the Arabic side.
const CODE = /[A-Za-z0-9](?:[A-Za-z0-9\-_/:.#]*[A-Za-z0-9])?/g;
/** Ticket ids ("LC-000003"): never broken at the hyphen. */
const TICKET_ID = /\b[A-Z]{2,5}-\d{3,}\b/g;

/** Create an element; `text` becomes textContent, `attrs` are set one by one (never parsed as HTML). */
export function el(tag, { text, className, attrs = {}, dataset = {} } = {}, ...children) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  for (const [name, value] of Object.entries(attrs)) if (value !== undefined && value !== null) node.setAttribute(name, String(value));
  for (const [name, value] of Object.entries(dataset)) node.dataset[name] = String(value);
  for (const child of children) if (child) node.append(child);
  return node;
}

export function isArabic(text, language) {
  return language === 'ar' || ARABIC.test(text || '');
}

/**
 * Message text with its own direction (dir="auto": an English reply in an Arabic conversation
 * stays left-to-right), and in Arabic text, serial numbers and Latin words isolated in <bdi> so
 * "SN A1-2233" stays in order. The conversation's language does not force a direction.
 */
export function messageText(text, _language) {
  // No dir attribute here: the line's dir="auto" must see this text (CSS gives it unicode-bidi: plaintext).
  const body = el('span', { className: 'msg__text' });
  const value = String(text ?? '');
  if (!ARABIC.test(value)) {
    let last = 0;
    for (const match of value.matchAll(TICKET_ID)) {
      if (match.index > last) body.append(document.createTextNode(value.slice(last, match.index)));
      body.append(el('span', { text: match[0], className: 'nowrap' }));
      last = match.index + match[0].length;
    }
    if (last < value.length) body.append(document.createTextNode(value.slice(last)));
    return body;
  }
  let last = 0;
  for (const match of value.matchAll(CODE)) {
    if (match.index > last) body.append(document.createTextNode(value.slice(last, match.index)));
    body.append(el('bdi', { text: match[0], attrs: { dir: 'ltr' } }));
    last = match.index + match[0].length;
  }
  if (last < value.length) body.append(document.createTextNode(value.slice(last)));
  return body;
}

/**
 * The ticket a console link names, `/console#LC-000042` (the link agent notice mails carry, see
 * consoleTicketUrl in console-routes.ts), or null for any other fragment.
 */
export function ticketIdFromHash(hash) {
  let fragment = String(hash ?? '');
  try {
    fragment = decodeURIComponent(fragment);
  } catch {
    return null;
  }
  const match = /^#(LC-\d{6,})$/.exec(fragment.trim());
  return match ? match[1] : null;
}

export function formatTimeLeft(ms) {
  if (ms === null || ms === undefined) return '—';
  const late = ms < 0;
  let seconds = Math.floor(Math.abs(ms) / 1000);
  const hours = Math.floor(seconds / 3600);
  seconds -= hours * 3600;
  const minutes = Math.floor(seconds / 60);
  seconds -= minutes * 60;
  const text = `${hours}:${String(minutes).padStart(2, '0')}:${String(seconds).padStart(2, '0')}`;
  return late ? t('queue.late', { time: text }) : text;
}

/**
 * WhatsApp tickets: the time left in the 24-hour reply window and what a reply does now
 * (`ticket.replyWindow` from the API), or '' on channels without a window.
 */
export function replyWindowText(window, nowMs = Date.now()) {
  if (!window) return '';
  if (window.open) return `Reply window: ${formatTimeLeft(Date.parse(window.closesAt) - nowMs)} left — a reply is sent now.`;
  if (window.onReply === 'template-then-hold') return 'Reply window closed — a reply sends the approved "ticket update" template now; your text is delivered when the customer answers.';
  const email = window.fallback === 'email' ? ' The customer\'s e-mail address is known: answer by e-mail instead.' : '';
  return `Reply window closed — a reply cannot be sent until the customer writes again.${email}`;
}

export function formatTime(iso) {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? String(iso) : date.toLocaleString();
}

/** One queue row. `deadlines` maps ticket id → local epoch ms when the clock runs out. */
export function queueRow(ticket, { selected, onOpen }) {
  const row = el('tr', { className: `queue__row priority-${ticket.priority}${selected ? ' is-selected' : ''}`, dataset: { ticketId: ticket.id } });
  const open = el('button', { text: ticket.id, className: 'link ticket-link', attrs: { type: 'button' } });
  open.addEventListener('click', () => onOpen(ticket.id));
  // An agent reply waiting in the send-retry queue: the countdown keeps running until it is delivered.
  const queued = ticket.replyQueuedAt ? el('span', { text: t('queue.replyQueued'), className: 'badge badge--queued', dataset: { replyQueued: ticket.replyQueuedAt } }) : null;
  row.append(
    el('td', {}, open, queued),
    el('td', { text: ticket.timeLeftMs === null && ticket.firstReplyAt ? t('queue.answered') : formatTimeLeft(ticket.timeLeftMs), className: 'countdown', dataset: { ticketId: ticket.id } }),
    el('td', {}, el('span', { text: t(`priority.${ticket.priority}`), className: `badge badge--${ticket.priority}`, dataset: { priority: ticket.priority } })),
    el('td', { text: ticket.language }),
    el('td', { text: ticket.channel }),
    el('td', { className: 'topic' }, el('bdi', { text: ticket.topic ?? '—' })),
    el('td', { text: ticket.assignedTo ?? '—' }),
  );
  return row;
}

/**
 * A translated message: customer and bot messages (and notices) show the translation into the agent's language
 * under the original; translated agent replies show what the agent wrote under what was sent.
 */
function translationBlock(entry) {
  if (entry.translationFailed) return el('p', { className: 'msg__translation msg__translation--failed', text: t('translation.failed') });
  if (entry.from !== 'agent' && entry.translation) {
    return el('p', { className: 'msg__translation', attrs: { dir: 'auto' } }, el('span', { className: 'msg__translation-label', text: `${t('translation.label')} (${entry.model}) ` }), messageText(entry.translation));
  }
  if (entry.from === 'agent' && entry.original && entry.original !== entry.text) {
    return el('p', { className: 'msg__translation', attrs: { dir: 'auto' } }, el('span', { className: 'msg__translation-label', text: `${t('translation.wrote')} (${entry.model}) ` }), messageText(entry.original));
  }
  return null;
}

export function transcriptItem(entry) {
  // Direction per line, from its own text: a mixed Arabic/English conversation keeps each line readable.
  const item = el('li', {
    className: `msg msg--${entry.from}`,
    attrs: { dir: 'auto', lang: entry.language || undefined },
    dataset: { from: entry.from },
  });
  const who = entry.from === 'agent' && entry.author ? `${t('from.agent')} · ${entry.author}` : t(`from.${entry.from}`);
  item.append(el('span', { className: 'msg__meta', attrs: { dir: 'ltr' } }, el('bdi', { text: who }), document.createTextNode(` · ${formatTime(entry.at)}`)));
  item.append(messageText(entry.text, entry.language));
  if (Array.isArray(entry.choices) && entry.choices.length > 0) {
    const list = el('ul', { className: 'msg__choices' });
    for (const choice of entry.choices) list.append(el('li', { attrs: { dir: 'auto' } }, messageText(choice, entry.language)));
    item.append(list);
  }
  const translated = translationBlock(entry);
  if (translated) item.append(translated);
  if (entry.media) item.append(el('span', { className: 'msg__media', text: `[${entry.media.kind}${entry.media.fileName ? `: ${entry.media.fileName}` : ''}]` }));
  return item;
}

function factValue(value) {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'object') return JSON.stringify(value, null, 1);
  return String(value);
}

export function factRows(facts) {
  const rows = [];
  for (const [key, value] of Object.entries(facts || {})) {
    // Ids of the unsure messages an agent's topic tag resolves (faq gaps): nothing to read.
    if (key === 'faqGaps') continue;
    rows.push(el('dt', { text: key }), el('dd', { attrs: { dir: 'auto' } }, el('bdi', { text: factValue(value) })));
  }
  return rows;
}

export function mediaItem(ticketId, media) {
  const item = el('li', { className: 'media__item' });
  const label = `${media.kind}${media.mimeType ? ` (${media.mimeType})` : ''}${media.fileName ? ` · ${media.fileName}` : ''}`;
  if (media.stored) {
    const href = `/api/agent/tickets/${encodeURIComponent(ticketId)}/media/${encodeURIComponent(media.index)}`;
    if (String(media.mimeType || '').startsWith('image/')) item.append(el('img', { attrs: { src: href, alt: label, loading: 'lazy' } }));
    item.append(el('a', { text: label, attrs: { href, target: '_blank', rel: 'noopener noreferrer' } }));
  } else {
    // Platform URLs and locations are shown as text: never turned into links the page trusts.
    item.append(el('span', { text: label }));
    if (media.url) item.append(el('code', { text: media.url }));
    if (typeof media.latitude === 'number') item.append(el('code', { text: `${media.latitude}, ${media.longitude}` }));
  }
  if (media.caption) item.append(el('p', { attrs: { dir: 'auto' } }, el('bdi', { text: media.caption })));
  return item;
}

/** A past ticket: number, date, channel, topic and how it ended. */
export function pastTicketItem(ticket) {
  const outcome = ticket.resolution ? t(`resolution.${ticket.resolution}`) : t('resolution.open');
  return el(
    'li',
    { className: 'history__item', dataset: { ticketId: ticket.id } },
    el('strong', { text: ticket.id }),
    document.createTextNode(` · ${formatTime(ticket.createdAt)} · ${ticket.channel} · `),
    el('bdi', { text: ticket.topic ?? ticket.reason }),
    document.createTextNode(` · ${outcome}${ticket.customerName ? ` · ` : ''}`),
    ticket.customerName ? el('bdi', { text: ticket.customerName }) : null,
  );
}

/**
 * The generated summary at the top of a ticket (`ticket.summary` from the API): its lines, a state
 * line saying it is generated (or off / being written / unavailable), and the warranty check's own
 * result, copied from the warranty engine and never from the model.
 */
export function summaryParts(summary) {
  const view = summary ?? { state: 'off', generated: null, warranty: null };
  const lines = (view.generated?.text ?? '').split('\n').filter(Boolean).map((line) => el('li', { attrs: { dir: 'auto' } }, messageText(line)));
  const state =
    view.state === 'off' ? t('summary.off')
    : view.state === 'failed' ? t('summary.failed')
    : view.state === 'pending' ? t('summary.pending')
    : t('summary.written', { model: view.generated?.model ?? '', time: formatTime(view.generated?.at) });
  const warranty = view.warranty
    ? `${t('summary.warranty', { status: t(`summary.warrantyStatus.${view.warranty.status}`) })}${view.warranty.serial ? ` · ${view.warranty.serial}` : ''}${view.warranty.asOf ? ` · ${view.warranty.asOf}` : ''}`
    : t('summary.noWarranty');
  return { lines, state, warranty, status: view.warranty?.status ?? '' };
}

/** One audit line: when, who, what (never message text). */
export function auditItem(entry) {
  const what =
    entry.action === 'transfer' ? t('audit.transfer', { to: entry.to ?? t('transfer.queue') })
    : entry.action === 'reply' && entry.translated ? t('audit.replyTranslated', { model: entry.model ?? '' })
    : entry.action === 'topic' ? t('audit.topic', { topic: entry.topic ?? '' })
    : t(`audit.${entry.action}`);
  return el('li', { className: 'history__item', dataset: { action: entry.action } }, document.createTextNode(`${formatTime(entry.at)} · `), el('bdi', { text: entry.actor }), document.createTextNode(` ${what}`));
}

export function noteItem(note) {
  return el('li', { className: 'note' }, el('span', { className: 'note__meta', text: `${note.author} · ${formatTime(note.at)}` }), el('p', { text: note.text, attrs: { dir: 'auto' } }));
}

export function channelItem(channel) {
  const item = el('li', { className: 'channel-item', dataset: { channel: channel.channel } });
  item.append(el('h3', { text: `${channel.channel}: ${channel.status}` }));
  if (channel.detail) item.append(el('p', { text: channel.detail, className: 'muted' }));
  if (typeof channel.qrImage === 'string' && channel.qrImage.startsWith('data:image/png;base64,')) {
    item.append(el('img', { className: 'qr', attrs: { src: channel.qrImage, alt: `${channel.channel} pairing QR code`, width: 256, height: 256 } }));
  }
  item.append(el('p', { className: 'muted', text: `${t('channels.updated', { time: formatTime(channel.updatedAt) })}${channel.holder ? ` · ${t('channels.heldBy', { holder: channel.holder })}` : ''}` }));
  return item;
}
