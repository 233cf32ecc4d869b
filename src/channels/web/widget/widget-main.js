// ---- widget-main.js: start-up, sending, failures and reconnection.
const script = document.currentScript;
const base = new URL('./', script && script.src ? script.src : location.href);
const mode = script && script.dataset.mode === 'page' ? 'page' : 'launcher';
const wanted = script && script.dataset.lang && script.dataset.lang !== 'auto' ? script.dataset.lang : undefined;
const localeHint = wanted || navigator.language;
const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
let lang = pickLanguage(wanted);
const view = createView(base, mode);
const api = createApi(base);
const bubbles = createMessageList(view, () => lang, (choice, message) => {
  void sendMessage(choice.value ? { value: choice.value, text: choice.title, ...(message.step ? { step: message.step } : {}) } : { text: choice.title }, choice.title, true);
});
/** Messages that did not reach the server, by clientMessageId: resent once when the connection is back. */
const failed = new Map();
let events = null;
let started = false;
let busy = 0;
/** An agent who is writing, shown for a few seconds after each sign. */
let agentTyping = null;
let agentTypingTimer = 0;

const newId = () =>
  crypto.randomUUID ? crypto.randomUUID() : Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, '0')).join('');

let statusKey = '';
function setStatus(key, values) {
  statusKey = key || '';
  view.status.textContent = key ? tr(lang, key, values) : '';
}

function setTyping(delta) {
  busy = Math.max(0, busy + delta);
  showTyping();
}

function showTyping() {
  const name = busy > 0 ? tr(lang, 'botName') : agentTyping;
  view.typing.hidden = !name;
  view.typing.textContent = name ? tr(lang, 'typing', { name }) : '';
}

function agentIsTyping(name) {
  agentTyping = name || null;
  clearTimeout(agentTypingTimer);
  if (agentTyping) agentTypingTimer = setTimeout(() => agentIsTyping(null), 6000);
  showTyping();
}

/** The chrome follows the conversation's language, only when the bot's language changes. */
function followLanguage(message) {
  if (message.from !== 'bot' || !LANGS.includes(message.lang) || message.lang === lang) return;
  lang = message.lang;
  view.applyChrome(lang);
}

function show(message) {
  if (message.from === 'customer') {
    if (message.text || message.attachment) bubbles.addCustomer(message.text, { at: message.at, attachment: message.attachment && (message.attachment.name || message.attachment.kind) });
    return null;
  }
  followLanguage(message);
  return bubbles.addBot(message);
}

/** Show replies; after opening or answering a choice, focus moves to the new choices (typing keeps it in the box). */
function render(items, moveFocus) {
  let first = null;
  for (const message of items) first = show(message) || first;
  if (!moveFocus) return;
  if (first) first.focus();
  else if (!view.root.activeElement) view.input.focus();
}

function listen() {
  if (events) events.close();
  let broken = false;
  events = api.events();
  events.addEventListener('message', (event) => {
    const message = JSON.parse(event.data);
    if (message.kind === 'typing') return agentIsTyping(message.agentName);
    if (message.from === 'agent') agentIsTyping(null);
    render([message], false);
  });
  events.addEventListener('open', () => {
    if (statusKey === 'reconnecting' || statusKey === 'offline') setStatus('');
    if (broken) void reconnected();
    broken = false;
  });
  const stream = events;
  events.addEventListener('error', () => {
    broken = true;
    setStatus('reconnecting');
    // Closed for good (the server refused it, e.g. the conversation expired): check and reopen later.
    if (stream.readyState === EventSource.CLOSED) {
      setTimeout(() => {
        if (events !== stream || !api.session) return;
        listen();
        void reconnected();
      }, 5000);
    }
  });
}

let recovery = Promise.resolve();
/** Back online (the stream reopened, or the browser says so): resend what failed, then catch up. One at a time. */
function reconnected() {
  recovery = recovery.then(async () => {
    await resendFailed();
    await loadHistory();
  });
  return recovery;
}

async function startConversation() {
  await api.create();
  bubbles.clear();
  listen();
  render((await api.open(localeHint)).messages, true);
}

async function loadHistory() {
  try {
    const { messages } = await api.history();
    bubbles.clear();
    render(messages, false);
    for (const entry of failed.values()) view.list.append(entry.item);
  } catch (error) {
    if (error.kind === 'expired') await startConversation().catch(() => setStatus('failed'));
    else setStatus(error.kind === 'offline' ? 'offline' : 'failed');
  }
}

async function deliver(entry) {
  setTyping(1);
  try {
    const result = entry.file ? await api.upload(entry.file, entry.id) : await api.send(entry.body);
    failed.delete(entry.id);
    bubbles.markSending(entry.item);
    setStatus('');
    render(result.messages, Boolean(entry.fromChoice));
  } catch (error) {
    if (error.kind === 'expired') {
      await startConversation().catch(() => undefined);
      setStatus('expired');
      return;
    }
    failed.set(entry.id, entry);
    bubbles.markFailed(entry.item, () => retry(entry.id));
    if (error.kind === 'too-large') setStatus('tooLarge', { size: Math.floor(LC_LIMITS.maxUploadBytes / 1048576) });
    else setStatus(error.kind === 'offline' ? 'offline' : 'failed');
  } finally {
    setTyping(-1);
  }
}

function retry(id) {
  const entry = failed.get(id);
  if (!entry) return Promise.resolve();
  failed.delete(id);
  bubbles.markSending(entry.item);
  return deliver(entry);
}

/** Reconnected: each failed message is sent again, once (its clientMessageId makes a repeat harmless). */
async function resendFailed() {
  for (const entry of [...failed.values()]) {
    if (entry.resent) continue;
    entry.resent = true;
    await retry(entry.id);
  }
}

async function ensureConversation() {
  if (api.session) return true;
  try {
    await startConversation();
    return true;
  } catch (error) {
    setStatus(error.kind === 'offline' ? 'offline' : 'failed');
    return false;
  }
}

async function sendMessage(body, shown, fromChoice = false) {
  if (!(await ensureConversation())) return;
  const id = newId();
  const item = bubbles.addCustomer(shown ?? body.text);
  setStatus('');
  await deliver({ id, item, fromChoice, body: { ...body, clientMessageId: id, locale: localeHint, timeZone } });
}

async function sendFile(file) {
  const allowed = /^(image|video|audio)\//.test(file.type) || file.type === 'application/pdf';
  if (!allowed) return setStatus('badType');
  if (file.size > LC_LIMITS.maxUploadBytes) return setStatus('tooLarge', { size: Math.floor(LC_LIMITS.maxUploadBytes / 1048576) });
  if (!(await ensureConversation())) return;
  const id = newId();
  const item = bubbles.addCustomer('', { attachment: file.name });
  await deliver({ id, item, file });
}

async function downloadTranscript() {
  if (!api.session) return;
  try {
    const text = await api.transcript(lang);
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = `lockcare-chat-${new Date().toISOString().slice(0, 10)}.txt`;
    view.root.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  } catch (error) {
    setStatus(error.kind === 'offline' ? 'offline' : 'failed');
  }
}

function start() {
  if (started) return;
  started = true;
  if (api.session) {
    listen();
    void loadHistory();
  } else {
    void startConversation().catch((error) => setStatus(error.kind === 'offline' ? 'offline' : 'failed'));
  }
}

function openPanel() {
  view.panel.hidden = false;
  view.launcher.setAttribute('aria-expanded', 'true');
  view.frame.classList.add('is-open');
  view.input.focus();
  start();
}

function closePanel() {
  view.panel.hidden = true;
  view.launcher.setAttribute('aria-expanded', 'false');
  view.frame.classList.remove('is-open');
  view.launcher.focus();
}

view.form.addEventListener('submit', (event) => {
  event.preventDefault();
  const text = view.input.value.trim();
  if (!text) return;
  view.input.value = '';
  void sendMessage({ text });
});
view.input.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey) {
    event.preventDefault();
    view.form.requestSubmit();
  }
});
view.attach.addEventListener('click', () => view.file.click());
view.file.addEventListener('change', () => {
  const file = view.file.files && view.file.files[0];
  view.file.value = '';
  if (file) void sendFile(file);
});
view.download.addEventListener('click', () => void downloadTranscript());
view.newChat.addEventListener('click', () => {
  api.forget();
  failed.clear();
  void startConversation().catch((error) => setStatus(error.kind === 'offline' ? 'offline' : 'failed'));
});
view.launcher.addEventListener('click', () => (view.panel.hidden ? openPanel() : closePanel()));
view.close.addEventListener('click', closePanel);
view.frame.addEventListener('keydown', (event) => {
  if (event.key === 'Escape' && mode !== 'page' && !view.panel.hidden) {
    event.preventDefault();
    closePanel();
  }
});
window.addEventListener('online', () => {
  if (api.session && failed.size > 0) void reconnected();
});

view.applyChrome(lang);
const mount = () => {
  document.body.append(view.host);
  if (mode === 'page') start();
};
if (document.body) mount();
else document.addEventListener('DOMContentLoaded', mount);
