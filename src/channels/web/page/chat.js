// LockCare web chat. Plain DOM: every text is set with textContent, never parsed as HTML.
const list = document.getElementById('messages');
const form = document.getElementById('composer');
const input = document.getElementById('text');
const status = document.getElementById('status');
const STORAGE_KEY = 'lockcare.webchat';
const seen = new Set();
let session = null;
let events = null;

function setStatus(text) {
  status.textContent = text || '';
}

function scrollDown() {
  list.scrollTop = list.scrollHeight;
}

function addUserMessage(text) {
  const item = document.createElement('li');
  item.className = 'msg msg--user';
  item.dir = 'auto';
  item.textContent = text;
  item.dataset.from = 'user';
  list.append(item);
  scrollDown();
}

function addBotMessage(message) {
  if (seen.has(message.id)) return;
  seen.add(message.id);
  // Choices of older messages can no longer be answered.
  for (const old of list.querySelectorAll('.choices button')) old.disabled = true;
  const item = document.createElement('li');
  const kind = message.kind === 'handoff' ? 'notice' : message.from;
  item.className = `msg msg--${kind}`;
  item.dir = message.dir;
  item.lang = message.lang;
  item.dataset.from = message.from;
  if (message.from === 'agent' && message.agentName) {
    const author = document.createElement('span');
    author.className = 'msg__author';
    author.textContent = message.agentName;
    item.append(author);
  }
  const body = document.createElement('span');
  body.className = 'msg__text';
  body.textContent = message.text;
  item.append(body);
  if (Array.isArray(message.choices) && message.choices.length > 0) {
    const choices = document.createElement('div');
    choices.className = 'choices';
    for (const choice of message.choices) {
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = choice.title;
      button.dataset.value = choice.value;
      // Choices from the history carry only their title: sending it as text answers them.
      button.addEventListener('click', () => send(choice.value ? { value: choice.value, text: choice.title } : { text: choice.title }, choice.title));
      choices.append(button);
    }
    item.append(choices);
  }
  list.append(item);
  document.documentElement.dir = message.dir;
  document.documentElement.lang = message.lang;
  scrollDown();
}

async function api(path, options = {}) {
  const response = await fetch(path, {
    ...options,
    headers: { 'content-type': 'application/json', ...(session ? { authorization: `Bearer ${session.token}` } : {}), ...(options.headers || {}) },
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = new Error(body.error?.message || `HTTP ${response.status}`);
    error.status = response.status;
    throw error;
  }
  return body;
}

/** Show the conversation so far (after a reload, or replies that came while the page was closed). */
async function loadHistory() {
  try {
    const { messages } = await api(`/api/web/conversations/${encodeURIComponent(session.conversationId)}/messages`);
    list.replaceChildren();
    seen.clear();
    for (const message of messages) {
      if (message.from === 'customer') addUserMessage(message.text);
      else addBotMessage(message);
    }
  } catch (error) {
    if (error.status === 404 || error.status === 401) await startConversation();
    else setStatus(error.message);
  }
}

function listen() {
  if (events) events.close();
  let reconnecting = false;
  events = new EventSource(`/api/web/conversations/${encodeURIComponent(session.conversationId)}/events?token=${encodeURIComponent(session.token)}`);
  events.addEventListener('message', (event) => addBotMessage(JSON.parse(event.data)));
  events.addEventListener('open', () => {
    setStatus('');
    // Messages sent while the stream was down are in the history.
    if (reconnecting) void loadHistory();
    reconnecting = false;
  });
  events.addEventListener('error', () => {
    reconnecting = true;
    setStatus('Reconnecting…');
  });
}

async function startConversation() {
  session = null;
  session = await api('/api/web/conversations', { method: 'POST', body: '{}' });
  localStorage.setItem(STORAGE_KEY, JSON.stringify(session));
  list.replaceChildren();
  seen.clear();
  listen();
}

async function send(body, shownText) {
  if (!session) await startConversation();
  addUserMessage(shownText ?? body.text);
  setStatus('');
  const payload = {
    ...body,
    clientMessageId: crypto.randomUUID(),
    locale: navigator.language,
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
  };
  try {
    const result = await api(`/api/web/conversations/${encodeURIComponent(session.conversationId)}/messages`, { method: 'POST', body: JSON.stringify(payload) });
    for (const message of result.messages) addBotMessage(message);
  } catch (error) {
    if (error.status === 404 || error.status === 401) {
      await startConversation();
      setStatus('Your previous conversation expired. Please send your message again.');
    } else {
      setStatus(error.message);
    }
  }
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const text = input.value.trim();
  if (!text) return;
  input.value = '';
  void send({ text });
});

input.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey) {
    event.preventDefault();
    form.requestSubmit();
  }
});

document.getElementById('new-chat').addEventListener('click', () => {
  localStorage.removeItem(STORAGE_KEY);
  void startConversation();
});

try {
  session = JSON.parse(localStorage.getItem(STORAGE_KEY) || 'null');
} catch {
  session = null;
}
if (session) {
  listen();
  void loadHistory();
} else {
  void startConversation().catch((error) => setStatus(error.message));
}
