// Saved replies: "/" in the reply box lists the ones in the customer's language (type more to
// filter by title); a pick fills the box with the ticket's fields and is sent as written. Admins
// keep the list in the Saved replies panel.
import { el } from './console-render.js';
import { t } from './console-strings.js';

const $ = (id) => document.getElementById(id);

/** Fill {{ticket}}, {{customer}}, {{hotel}}, {{agent}}, {{topic}} from the ticket. */
export function fillSavedReply(text, ticket, agent) {
  const fields = { ticket: ticket.id, customer: ticket.customer?.name ?? '', hotel: ticket.customer?.hotel ?? '', agent: agent?.username ?? '', topic: ticket.topic ?? '' };
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name) => (name in fields ? fields[name] : whole));
}

export function setupSavedReplies({ state, api, handle }) {
  const load = async () => {
    state.savedReplies = (await handle(api.savedReplies()))?.replies ?? [];
  };

  const pick = (reply) => {
    $('reply-text').value = fillSavedReply(reply.text, state.detail, state.agent);
    // Written in the customer's language already: sent as written, not translated.
    state.asWritten = $('reply-text').value;
    $('saved-picker').hidden = true;
    $('reply-text').focus();
  };

  $('reply-text').addEventListener('input', () => {
    const value = $('reply-text').value;
    if (state.asWritten !== undefined && value !== state.asWritten) state.asWritten = undefined;
    if (!value.startsWith('/') || !state.detail) {
      $('saved-picker').hidden = true;
      return;
    }
    const query = value.slice(1).trim().toLowerCase();
    const matches = (state.savedReplies ?? []).filter((reply) => reply.language === state.detail.language && reply.title.toLowerCase().includes(query));
    const items = matches.map((reply) => {
      const button = el('button', { text: reply.title, className: 'link', attrs: { type: 'button' } });
      button.addEventListener('click', () => pick(reply));
      return el('li', { dataset: { id: reply.id } }, button, el('span', { className: 'muted', text: ` ${reply.text.slice(0, 60)}`, attrs: { dir: 'auto' } }));
    });
    $('saved-picker').replaceChildren(...(items.length ? items : [el('li', { className: 'muted', text: t('saved.empty') })]));
    $('saved-picker').hidden = false;
  });

  // --- The admins' panel ---
  const render = () => {
    const items = (state.savedReplies ?? []).map((reply) => {
      const edit = el('button', { text: t('saved.edit'), className: 'link', attrs: { type: 'button' } });
      edit.addEventListener('click', () => {
        $('saved-id').value = reply.id;
        $('saved-language').value = reply.language;
        $('saved-title').value = reply.title;
        $('saved-text').value = reply.text;
      });
      const remove = el('button', { text: t('saved.delete'), className: 'link', attrs: { type: 'button' } });
      remove.addEventListener('click', async () => {
        if ((await handle(api.deleteSavedReply(reply.id), 'saved-error')) !== undefined) await refresh();
      });
      return el('li', { className: 'saved-item', dataset: { id: reply.id } }, el('strong', { text: `${reply.language} · ${reply.title}` }), el('p', { text: reply.text, attrs: { dir: 'auto' } }), edit, remove);
    });
    $('saved-list').replaceChildren(...(items.length ? items : [el('li', { className: 'muted', text: t('saved.none') })]));
  };
  const refresh = async () => {
    await load();
    render();
  };
  $('saved-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = { language: $('saved-language').value, title: $('saved-title').value.trim(), text: $('saved-text').value.trim() };
    const done = await handle(api.saveSavedReply($('saved-id').value || null, body), 'saved-error');
    if (!done) return;
    $('saved-form').reset();
    $('saved-id').value = '';
    await refresh();
  });
  return { load, open: refresh };
}
