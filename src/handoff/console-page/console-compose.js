// The reply box. With translation on and a customer writing another language than the agent,
// "Send reply" sends the reply translated (the server translates); "Preview translation" shows
// the translation to edit before "Send translation"; "Send original" sends it as typed (also the
// way out when translation fails or times out).
import { ApiError } from './console-api.js';
import { t } from './console-strings.js';

const $ = (id) => document.getElementById(id);

/** Whether a reply on this ticket is translated: translation on, and the languages differ. */
export function translates(ticket, session) {
  return Boolean(session?.translation?.enabled && ticket && session.agent && ticket.language !== session.agent.language);
}

export function renderComposer(ticket, session, enabled) {
  const on = translates(ticket, session);
  $('preview-translation').hidden = !on;
  $('send-original').hidden = !on;
  $('reply-hint').hidden = !on;
  if (on) $('reply-hint').textContent = t('translation.willTranslate', { language: t(`languages.${ticket.language}`) });
  for (const id of ['send-reply', 'preview-translation', 'send-original', 'send-translation']) $(id).disabled = !enabled;
  if (!on) $('translation-preview').hidden = true;
}

export function setupComposer({ state, api, handle, afterSend }) {
  const typed = () => $('reply-text').value.trim();
  const sent = () => {
    $('reply-text').value = '';
    $('reply-translation').value = '';
    $('translation-preview').hidden = true;
    state.asWritten = undefined;
  };
  const send = async (body) => {
    try {
      $('ticket-error').textContent = '';
      await api.reply(state.selected, body);
      sent();
    } catch (error) {
      // A failed translation sends nothing: say so, and offer the original.
      if (error instanceof ApiError && error.code === 'E_TRANSLATION') $('send-original').hidden = false;
      $('ticket-error').textContent = error instanceof Error ? error.message : String(error);
    }
    await afterSend();
  };

  $('reply-form').addEventListener('submit', (event) => {
    event.preventDefault();
    // A saved reply is written in the customer's language: it is sent as written.
    if (typed()) void send(state.asWritten === $('reply-text').value ? { text: typed(), translate: false } : { text: typed() });
  });
  $('send-original').addEventListener('click', () => {
    if (typed()) void send({ text: typed(), translate: false });
  });
  $('send-translation').addEventListener('click', () => {
    const translation = $('reply-translation').value.trim();
    if (translation && typed()) void send({ text: translation, original: typed(), translate: false });
  });
  $('preview-translation').addEventListener('click', async () => {
    if (!typed() || !state.detail) return;
    const result = await handle(api.translate(typed(), state.detail.language));
    if (!result) {
      $('send-original').hidden = false;
      return;
    }
    $('reply-translation').value = result.text;
    $('reply-translation').lang = result.to;
    $('reply-translation').dir = result.to === 'ar' ? 'rtl' : 'auto';
    $('translation-preview').hidden = false;
  });
}
