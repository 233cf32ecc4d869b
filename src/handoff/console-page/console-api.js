// Calls to the agent JSON API. Every POST is JSON (the server refuses anything else: CSRF).
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export async function api(path, { method = 'GET', body } = {}) {
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 204) return null;
  const data = await response.json().catch(() => ({}));
  if (!response.ok) {
    const retry = response.headers.get('retry-after');
    const message = data?.error?.message || `HTTP ${response.status}`;
    throw new ApiError(response.status, data?.error?.code, retry ? `${message} (retry in ${retry} s)` : message);
  }
  return data;
}

export const consoleApi = {
  whoami: () => api('/api/agent/session'),
  signIn: (username, password) => api('/api/agent/session', { method: 'POST', body: { username, password } }),
  signOut: () => api('/api/agent/session', { method: 'DELETE' }),
  tickets: () => api('/api/agent/tickets'),
  ticket: (id) => api(`/api/agent/tickets/${encodeURIComponent(id)}`),
  claim: (id) => api(`/api/agent/tickets/${encodeURIComponent(id)}/claim`, { method: 'POST', body: {} }),
  takeOver: (id) => api(`/api/agent/tickets/${encodeURIComponent(id)}/claim`, { method: 'POST', body: { force: true } }),
  reply: (id, body) => api(`/api/agent/tickets/${encodeURIComponent(id)}/messages`, { method: 'POST', body }),
  translate: (text, to) => api('/api/agent/translate', { method: 'POST', body: { text, to } }),
  summarize: (id) => api(`/api/agent/tickets/${encodeURIComponent(id)}/summary`, { method: 'POST', body: {} }),
  history: (id) => api(`/api/agent/tickets/${encodeURIComponent(id)}/history`),
  search: (q) => api(`/api/agent/search?q=${encodeURIComponent(q)}`),
  agents: () => api('/api/agent/agents'),
  topics: () => api('/api/agent/topics'),
  tagTopic: (id, topic) => api(`/api/agent/tickets/${encodeURIComponent(id)}/topic`, { method: 'POST', body: { topic } }),
  transfer: (id, to, note) => api(`/api/agent/tickets/${encodeURIComponent(id)}/transfer`, { method: 'POST', body: { to, note } }),
  savedReplies: () => api('/api/agent/saved-replies'),
  saveSavedReply: (id, body) => api(id ? `/api/agent/saved-replies/${encodeURIComponent(id)}` : '/api/agent/saved-replies', { method: 'POST', body }),
  deleteSavedReply: (id) => api(`/api/agent/saved-replies/${encodeURIComponent(id)}`, { method: 'DELETE' }),
  setLanguage: (language) => api('/api/agent/preferences', { method: 'POST', body: { language } }),
  typing: (id) => api(`/api/agent/tickets/${encodeURIComponent(id)}/typing`, { method: 'POST', body: {} }),
  note: (id, text) => api(`/api/agent/tickets/${encodeURIComponent(id)}/notes`, { method: 'POST', body: { text } }),
  release: (id) => api(`/api/agent/tickets/${encodeURIComponent(id)}/release`, { method: 'POST', body: {} }),
  resolve: (id) => api(`/api/agent/tickets/${encodeURIComponent(id)}/resolve`, { method: 'POST', body: {} }),
  channels: () => api('/api/agent/channels'),
};
