// ---- widget-view.js: the launcher and the panel, in a Shadow DOM the host page's CSS cannot reach.
function iconButton(id, icon, className) {
  const button = el('button', className);
  button.type = 'button';
  button.id = id;
  button.append(svgIcon(ICONS[icon]));
  return button;
}

function createView(base, mode) {
  const host = document.createElement('div');
  host.className = 'lockcare-chat';
  host.style.visibility = 'hidden';
  const root = host.attachShadow({ mode: 'open' });
  const sheet = document.createElement('link');
  sheet.rel = 'stylesheet';
  sheet.href = new URL('widget.css', base).href;
  sheet.addEventListener('load', () => host.style.removeProperty('visibility'));

  const frame = el('div', `lc lc--${mode}`);
  const launcher = iconButton('launcher', 'chat', 'lc-launcher');
  const launcherLabel = el('span', 'lc-launcher__label');
  launcher.append(launcherLabel);
  launcher.setAttribute('aria-controls', 'panel');
  launcher.setAttribute('aria-expanded', 'false');

  const panel = el(mode === 'page' ? 'main' : 'section', 'lc-panel');
  panel.id = 'panel';
  if (mode !== 'page') {
    panel.setAttribute('role', 'dialog');
    panel.hidden = true;
  }
  const header = el('header', 'lc-header');
  const titles = el('div', 'lc-titles');
  const title = el(mode === 'page' ? 'h1' : 'h2', 'lc-title');
  title.id = 'title';
  const subtitle = el('p', 'lc-subtitle');
  titles.append(title, subtitle);
  const actions = el('div', 'lc-actions');
  const download = iconButton('download', 'download', 'lc-action');
  const newChat = iconButton('new-chat', 'plus', 'lc-action');
  const newChatLabel = el('span', 'lc-action__label');
  newChat.append(newChatLabel);
  actions.append(download, newChat);
  const close = iconButton('close', 'close', 'lc-action lc-close');
  if (mode !== 'page') actions.append(close);
  header.append(titles, actions);
  panel.setAttribute('aria-labelledby', 'title');

  const list = el('ol', 'lc-messages');
  list.id = 'messages';
  list.dataset.testid = 'messages';
  list.setAttribute('aria-live', 'polite');
  list.setAttribute('aria-relevant', 'additions');
  list.tabIndex = 0;
  const typing = el('p', 'lc-typing');
  typing.hidden = true;
  const status = el('p', 'lc-status');
  status.id = 'status';
  status.setAttribute('role', 'status');

  const form = el('form', 'lc-composer');
  form.id = 'composer';
  form.autocomplete = 'off';
  const label = el('label', 'lc-visually-hidden');
  label.htmlFor = 'text';
  const attach = iconButton('attach', 'clip', 'lc-attach');
  const file = document.createElement('input');
  file.type = 'file';
  file.accept = 'image/*,video/*,audio/*,application/pdf';
  file.hidden = true;
  file.id = 'file';
  const input = document.createElement('textarea');
  input.id = 'text';
  input.name = 'text';
  input.rows = 1;
  input.maxLength = 4000;
  input.dir = 'auto';
  input.required = true;
  const send = el('button', 'lc-send');
  send.type = 'submit';
  send.id = 'send';
  form.append(label, attach, file, input, send);

  panel.append(header, list, typing, status, form);
  frame.append(...(mode === 'page' ? [] : [launcher]), panel);
  root.append(sheet, frame);

  /** Every word of the chrome in `lang`; the direction follows the language. */
  function applyChrome(lang) {
    frame.lang = lang;
    frame.dir = RTL.has(lang) ? 'rtl' : 'ltr';
    title.textContent = tr(lang, 'title');
    subtitle.textContent = tr(lang, 'subtitle');
    launcherLabel.textContent = tr(lang, 'launcher');
    close.setAttribute('aria-label', tr(lang, 'close'));
    close.title = tr(lang, 'close');
    download.setAttribute('aria-label', tr(lang, 'download'));
    download.title = tr(lang, 'download');
    newChatLabel.textContent = tr(lang, 'newChat');
    newChat.title = tr(lang, 'newChatHint');
    newChat.setAttribute('aria-label', tr(lang, 'newChat'));
    list.setAttribute('aria-label', tr(lang, 'messages'));
    label.textContent = tr(lang, 'messageLabel');
    input.placeholder = tr(lang, 'placeholder');
    attach.setAttribute('aria-label', tr(lang, 'attach'));
    attach.title = tr(lang, 'attach');
    send.textContent = tr(lang, 'send');
    if (mode === 'page') {
      document.documentElement.lang = lang;
      document.documentElement.dir = frame.dir;
      document.title = tr(lang, 'title');
    }
  }

  return { host, root, frame, launcher, panel, list, typing, status, form, input, send, attach, file, download, newChat, close, applyChrome };
}
