// ---- widget-api.js: the web chat API on the LockCare server the script came from.
const STORAGE_KEY = 'lockcare.webchat';

/** An API failure: `offline` when the server could not be reached at all. */
class ChatError extends Error {
  constructor(kind, status) {
    super(kind);
    this.kind = kind;
    this.status = status;
  }
}

function createApi(base) {
  let session = null;
  try {
    session = JSON.parse(localStorage.getItem(STORAGE_KEY) || 'null');
  } catch {
    session = null;
  }

  /** Remember the conversation across reloads; without storage (blocked by the browser) it lasts the page. */
  function keep(value) {
    try {
      if (value) localStorage.setItem(STORAGE_KEY, JSON.stringify(value));
      else localStorage.removeItem(STORAGE_KEY);
    } catch {
      // Storage is off for this site: nothing to keep.
    }
  }

  const conversationUrl = (suffix) => new URL(`api/web/conversations/${encodeURIComponent(session.conversationId)}${suffix}`, base);

  async function call(url, options = {}) {
    let response;
    try {
      response = await fetch(url, {
        ...options,
        headers: { ...(options.raw ? {} : { 'content-type': 'application/json' }), ...(session ? { authorization: `Bearer ${session.token}` } : {}), ...(options.headers || {}) },
      });
    } catch {
      throw new ChatError('offline');
    }
    if (!response.ok) {
      const kind = response.status === 401 || response.status === 404 ? 'expired' : response.status === 413 ? 'too-large' : 'failed';
      throw new ChatError(kind, response.status);
    }
    return options.text ? response.text() : response.json();
  }

  return {
    get session() {
      return session;
    },
    forget() {
      session = null;
      keep(null);
    },
    async create() {
      session = null;
      session = await call(new URL('api/web/conversations', base), { method: 'POST', body: '{}' });
      keep(session);
      return session;
    },
    open(locale) {
      return call(conversationUrl('/open'), { method: 'POST', body: JSON.stringify({ locale, timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone }) });
    },
    history() {
      return call(conversationUrl('/messages'));
    },
    send(body) {
      return call(conversationUrl('/messages'), { method: 'POST', body: JSON.stringify(body) });
    },
    upload(file, clientMessageId) {
      return call(conversationUrl('/media'), {
        method: 'POST',
        raw: true,
        body: file,
        headers: { 'content-type': file.type || 'application/octet-stream', 'x-file-name': encodeURIComponent(file.name), 'x-client-message-id': clientMessageId },
      });
    },
    transcript(lang) {
      return call(conversationUrl(`/transcript?lang=${encodeURIComponent(lang)}`), { text: true });
    },
    events() {
      const url = conversationUrl('/events');
      url.searchParams.set('token', session.token);
      return new EventSource(url);
    },
  };
}
