// LockCare agent console: sign in, a live queue, a ticket view. Plain ES modules, no build step.
import { ApiError, consoleApi } from './console-api.js';
import { alertNewTicket, askPermission, setupAlerts } from './console-alerts.js';
import { renderComposer, setupComposer } from './console-compose.js';
import { setupSavedReplies } from './console-saved.js';
import { setupTopicTags, topicTitle } from './console-topics.js';
import { browserLanguage, loadStrings, t } from './console-strings.js';
import { auditItem, summaryParts, channelItem, pastTicketItem, el, factRows, formatTime, formatTimeLeft, mediaItem, noteItem, queueRow, replyWindowText, ticketIdFromHash, transcriptItem } from './console-render.js';

const $ = (id) => document.getElementById(id);
const state = { agent: null, session: null, tickets: [], deadlines: new Map(), selected: null, detail: null, events: null };

function show(section, visible) {
  $(section).hidden = !visible;
}

function setError(id, error) {
  $(id).textContent = error ? (error instanceof Error ? error.message : String(error)) : '';
}

async function handle(promise, errorId = 'ticket-error') {
  try {
    setError(errorId, null);
    return await promise;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) signedOut();
    setError(errorId, error);
    return undefined;
  }
}

// --- Sign-in -----------------------------------------------------------------------------
/** The agent's working language: the console's words, and what customer messages are translated into. */
function showTranslationState(session) {
  const translation = session.translation ?? { enabled: false };
  $('translation-state').hidden = false;
  $('translation-state').dataset.state = translation.enabled ? 'on' : 'off';
  $('translation-state').textContent = translation.enabled ? t('translation.on', { model: translation.model }) : t('translation.off');
}

async function signedIn(session) {
  const agent = session.agent;
  state.agent = agent;
  state.session = session;
  await loadStrings(agent.language);
  showTranslationState(session);
  $('agent-language').value = agent.language;
  $('language-picker').hidden = false;
  $('whoami').textContent = `${agent.username} (${agent.role})`;
  show('sign-in', false);
  show('workspace', true);
  $('sign-out').hidden = false;
  $('channels-button').hidden = agent.role !== 'admin';
  connectEvents();
  void refreshQueue();
  void loadAgents();
  void saved.load();
  void topicTags.load().then(() => state.detail && renderTicket());
  $('saved-button').hidden = agent.role !== 'admin';
  $('reports-link').hidden = false;
  // Opened from a link to a ticket (an agent notice mail): show it once signed in.
  const linked = ticketIdFromHash(window.location.hash);
  if (linked && linked !== state.selected) void openTicket(linked);
}

function signedOut() {
  state.agent = null;
  state.events?.close();
  state.events = null;
  $('live').dataset.state = 'off';
  $('whoami').textContent = '';
  $('translation-state').hidden = true;
  $('language-picker').hidden = true;
  $('sign-out').hidden = true;
  $('channels-button').hidden = true;
  $('saved-button').hidden = true;
  $('reports-link').hidden = true;
  show('workspace', false);
  show('sign-in', true);
  $('username').focus();
}

window.addEventListener('hashchange', () => {
  const linked = ticketIdFromHash(window.location.hash);
  if (state.agent && linked && linked !== state.selected) void openTicket(linked);
});

$('sign-in-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  void askPermission();
  const result = await handle(consoleApi.signIn($('username').value.trim(), $('password').value), 'sign-in-error');
  $('password').value = '';
  if (result) await signedIn(result);
});

$('agent-language').addEventListener('change', async () => {
  const result = await handle(consoleApi.setLanguage($('agent-language').value));
  if (!result) return;
  await signedIn(result);
  if (state.selected) await openTicket(state.selected);
});

$('sign-out').addEventListener('click', async () => {
  await consoleApi.signOut().catch(() => undefined);
  signedOut();
});

// --- Queue ---------------------------------------------------------------------------------
async function refreshQueue() {
  const result = await handle(consoleApi.tickets(), 'ticket-error');
  if (!result) return;
  const fetchedAt = Date.now();
  state.tickets = result.tickets;
  state.deadlines = new Map(result.tickets.filter((t) => t.timeLeftMs !== null).map((t) => [t.id, fetchedAt + t.timeLeftMs]));
  renderQueue();
}

function renderQueue() {
  const rows = state.tickets.map((ticket) => queueRow(ticket, { selected: ticket.id === state.selected, onOpen: openTicket }));
  $('queue').replaceChildren(...rows);
  $('queue-count').textContent = state.tickets.length ? `(${state.tickets.length})` : '';
  $('queue-empty').hidden = state.tickets.length > 0;
}

function tickCountdowns() {
  const now = Date.now();
  for (const cell of document.querySelectorAll('#queue .countdown')) {
    const deadline = state.deadlines.get(cell.dataset.ticketId);
    if (deadline === undefined) continue;
    cell.textContent = formatTimeLeft(deadline - now);
    cell.classList.toggle('is-late', deadline < now);
  }
}
setInterval(tickCountdowns, 1000);

// --- Ticket view ---------------------------------------------------------------------------
async function openTicket(id) {
  state.selected = id;
  // The address names the open ticket, so it can be shared, bookmarked or reloaded.
  if (ticketIdFromHash(window.location.hash) !== id) window.history.replaceState(null, '', `#${encodeURIComponent(id)}`);
  show('channels', false);
  show('saved-replies', false);
  renderQueue();
  const result = await handle(consoleApi.ticket(id));
  if (!result || state.selected !== id) return;
  state.detail = result.ticket;
  renderTicket();
  const history = await handle(consoleApi.history(id));
  if (history && state.selected === id) $('history').replaceChildren(...(history.tickets.length ? history.tickets.map(pastTicketItem) : [el('li', { text: t('history.none'), className: 'muted' })]));
}

function renderTicket() {
  const ticket = state.detail;
  if (!ticket) return;
  show('ticket', true);
  $('ticket').dataset.ticketId = ticket.id;
  $('ticket').dataset.status = ticket.status;
  $('ticket-title').textContent = `${ticket.id} · ${t(`status.${ticket.status}`)}`;
  const customer = [ticket.customer?.name, ticket.customer?.hotel, ticket.customer?.phone].filter(Boolean).join(' · ');
  $('ticket-meta').textContent = [
    t('ticket.priority', { priority: t(`priority.${ticket.priority}`) }),
    `${ticket.channel} · ${t(`languages.${ticket.language}`)}`,
    ticket.topic ? t('ticket.topic', { topic: topicTitle(state.topics ?? [], ticket.topic) }) : t('ticket.reason', { reason: ticket.reason }),
    t('ticket.due', { time: formatTime(ticket.dueAt) }),
    ticket.replyQueuedAt ? t('ticket.replyQueued', { time: formatTime(ticket.replyQueuedAt) }) : '',
    ticket.assignedTo ? t('ticket.heldBy', { agent: ticket.assignedTo }) : t('ticket.unclaimed'),
    customer,
  ].filter(Boolean).join(' — ');
  const mine = ticket.assignedTo === state.agent?.username;
  const open = ['open', 'assigned', 'waiting-customer'].includes(ticket.status);
  $('claim').disabled = !open || Boolean(ticket.assignedTo);
  // Admins can take over a ticket held by someone else (an absent agent).
  $('take-over').hidden = !(open && state.agent?.role === 'admin' && ticket.assignedTo && !mine);
  renderComposer(ticket, state.session, open && mine);
  renderTransfer(ticket, open);
  topicTags.render(ticket);
  $('release').disabled = !open || (ticket.assignedTo && !mine);
  $('resolve').disabled = !open || (ticket.assignedTo && !mine);
  $('reply-window').textContent = replyWindowText(ticket.replyWindow);
  $('reply-window').hidden = !ticket.replyWindow;
  $('reply-window').dataset.onReply = ticket.replyWindow?.onReply ?? '';
  renderSummary(ticket);
  $('transcript').replaceChildren(...ticket.transcript.map(transcriptItem));
  $('transcript').scrollTop = $('transcript').scrollHeight;
  const facts = { ...(ticket.facts || {}), ...(ticket.warranty ? { warranty: ticket.warranty } : {}), ...(ticket.details ? { details: ticket.details } : {}) };
  const rows = factRows(facts);
  $('facts').replaceChildren(...(rows.length ? rows : [el('dd', { text: t('ticket.nothingCollected'), className: 'muted' })]));
  $('media').replaceChildren(...(ticket.media.length ? ticket.media.map((m) => mediaItem(ticket.id, m)) : [el('li', { text: t('ticket.none'), className: 'muted' })]));
  $('audit').replaceChildren(...(ticket.audit ?? []).map(auditItem));
  $('notes').replaceChildren(...(ticket.notes.length ? ticket.notes.map(noteItem) : [el('li', { text: t('ticket.noNotes'), className: 'muted' })]));
}

function renderSummary(ticket) {
  const parts = summaryParts(ticket.summary);
  $('summary').dataset.state = ticket.summary?.state ?? 'off';
  $('summary-lines').replaceChildren(...parts.lines);
  $('summary-state').textContent = parts.state;
  $('summary-warranty').textContent = parts.warranty;
  $('summary-warranty').dataset.status = parts.status;
  $('summary-refresh').hidden = ticket.summary?.state === 'off';
}

// A new summary in this agent's working language (a failure shows "summary unavailable, try again").
$('summary-refresh').addEventListener('click', async () => {
  const id = state.selected;
  if (!id) return;
  $('summary-refresh').disabled = true;
  await handle(consoleApi.summarize(id));
  $('summary-refresh').disabled = false;
  if (state.selected === id) await openTicket(id);
});

// --- Transfer --------------------------------------------------------------------------------
async function loadAgents() {
  const result = await handle(consoleApi.agents());
  state.agents = result?.agents ?? [];
}

function renderTransfer(ticket, open) {
  const options = [el('option', { text: t('transfer.queue'), attrs: { value: '' } })];
  for (const agent of state.agents ?? []) if (agent.username !== ticket.assignedTo) options.push(el('option', { text: agent.username, attrs: { value: agent.username } }));
  // A live update re-renders the ticket: keep the colleague the agent already picked.
  const picked = $('transfer-to').value;
  $('transfer-to').replaceChildren(...options);
  if (picked && options.some((option) => option.value === picked)) $('transfer-to').value = picked;
  const mine = ticket.assignedTo === state.agent?.username;
  $('transfer').disabled = !open || (ticket.assignedTo && !mine && state.agent?.role !== 'admin');
}

$('search-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const query = $('search-text').value.trim();
  if (query.length < 2) return;
  const result = await handle(consoleApi.search(query));
  if (result) $('search-results').replaceChildren(...(result.tickets.length ? result.tickets.map(pastTicketItem) : [el('li', { text: t('search.none'), className: 'muted' })]));
});

$('transfer-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const note = $('transfer-note').value.trim();
  if (!note || !state.selected) return;
  const done = await handle(consoleApi.transfer(state.selected, $('transfer-to').value || null, note));
  if (done) $('transfer-note').value = '';
  await openTicket(state.selected);
});

async function act(action) {
  const id = state.selected;
  if (!id) return;
  const done = await handle(action(id));
  if (done !== undefined) await openTicket(id);
}

$('claim').addEventListener('click', () => act(consoleApi.claim));
$('take-over').addEventListener('click', () => {
  if (window.confirm(t('ticket.takeOverConfirm', { agent: state.detail?.assignedTo ?? '' }))) void act(consoleApi.takeOver);
});
$('release').addEventListener('click', () => act(consoleApi.release));
$('resolve').addEventListener('click', () => act(consoleApi.resolve));
setupAlerts();
const saved = setupSavedReplies({ state, api: consoleApi, handle });
const topicTags = setupTopicTags({ state, api: consoleApi, handle, reopen: (id) => openTicket(id) });
$('saved-button').addEventListener('click', async () => {
  show('ticket', false);
  show('channels', false);
  show('saved-replies', true);
  await saved.open();
});
// The customer's web chat shows "… is writing"; told at most every 3 s while the agent types.
let lastTyping = 0;
$('reply-text').addEventListener('input', () => {
  if (!state.selected || Date.now() - lastTyping < 3000) return;
  lastTyping = Date.now();
  consoleApi.typing(state.selected).catch(() => undefined);
});
$('alert').addEventListener('click', () => {
  const id = $('alert').dataset.ticketId;
  $('alert').hidden = true;
  if (id) void openTicket(id);
});
setupComposer({ state, api: consoleApi, handle, afterSend: () => openTicket(state.selected) });
$('note-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const text = $('note-text').value.trim();
  if (!text) return;
  const done = await handle(consoleApi.note(state.selected, text));
  if (done) $('note-text').value = '';
  await openTicket(state.selected);
});

// --- Channels (admins) -----------------------------------------------------------------------
$('channels-button').addEventListener('click', async () => {
  const result = await handle(consoleApi.channels());
  if (!result) return;
  show('ticket', false);
  show('saved-replies', false);
  show('channels', true);
  $('channel-list').replaceChildren(...(result.channels.length ? result.channels.map(channelItem) : [el('li', { text: t('channels.none'), className: 'muted' })]));
});

// --- Live updates ----------------------------------------------------------------------------
let refreshTimer = null;
function scheduleRefresh(ticketId) {
  if (ticketId && ticketId === state.selected) void openTicket(ticketId);
  if (refreshTimer) return;
  refreshTimer = setTimeout(() => {
    refreshTimer = null;
    void refreshQueue();
  }, 150);
}

function connectEvents() {
  state.events?.close();
  const events = new EventSource('/api/agent/events');
  state.events = events;
  events.addEventListener('open', () => {
    $('live').dataset.state = 'on';
    void refreshQueue();
  });
  events.addEventListener('error', () => {
    $('live').dataset.state = 'off';
    // The session may have ended: check, and go back to sign-in if so.
    consoleApi.whoami().catch((error) => error instanceof ApiError && error.status === 401 && signedOut());
  });
  events.addEventListener('ticket', (event) => {
    let change = null;
    try {
      change = JSON.parse(event.data);
    } catch {
      // Not a ticket event: refresh the queue anyway.
    }
    if (change?.type === 'ticket.created' && change.ticket) alertNewTicket(change.ticket, openTicket);
    scheduleRefresh(change?.ticket?.id ?? null);
  });
}

consoleApi
  .whoami()
  .then((result) => signedIn(result))
  .catch(() => loadStrings(browserLanguage()).then(signedOut, signedOut));
