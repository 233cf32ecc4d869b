// ---- widget-messages.js: message bubbles. Every text is set with textContent, never parsed as HTML.

/** Render messages into `view.list`; `onChoice(choice, message, button)` answers a choice. */
function createMessageList(view, getLang, onChoice) {
  /** Message id → its first choice button (null without choices): a message arrives by POST and by the event stream. */
  const seen = new Map();
  const list = view.list;

  function scrollDown() {
    list.scrollTop = list.scrollHeight;
  }

  function meta(item, at) {
    const line = el('span', 'msg__meta');
    line.append(timeLabel(getLang(), at));
    item.append(line);
    return line;
  }

  function addCustomer(text, options = {}) {
    const item = el('li', 'msg msg--user');
    item.dataset.from = 'user';
    item.dir = 'auto';
    const body = el('div', 'msg__text');
    if (options.attachment) body.textContent = tr(getLang(), 'attachment', { name: options.attachment });
    else body.append(...inlineNodes(text, getLang()));
    item.append(body);
    meta(item, options.at);
    list.append(item);
    scrollDown();
    return item;
  }

  /** A sent message that did not arrive: said in words (not only a colour or a mark), with a retry. */
  function markFailed(item, retry) {
    item.classList.add('msg--failed');
    const line = item.querySelector('.msg__meta');
    line.querySelector('.msg__state')?.remove();
    const state = el('span', 'msg__state');
    state.append(el('span', 'msg__state-text', tr(getLang(), 'notSent')));
    const button = el('button', 'msg__retry', tr(getLang(), 'retry'));
    button.type = 'button';
    button.addEventListener('click', () => retry());
    state.append(button);
    line.append(state);
  }

  function markSending(item) {
    item.classList.remove('msg--failed');
    item.querySelector('.msg__state')?.remove();
  }

  function lockChoices(group, chosen) {
    for (const button of group.querySelectorAll('button')) {
      button.disabled = true;
      if (button === chosen) {
        button.classList.add('is-chosen');
        button.setAttribute('aria-pressed', 'true');
      }
    }
  }

  function addBot(message) {
    if (seen.has(message.id)) {
      const shown = seen.get(message.id);
      return shown && !shown.disabled ? shown : null;
    }
    // Choices of older messages can no longer be answered.
    for (const old of list.querySelectorAll('.choices button')) old.disabled = true;
    const kind = message.kind === 'handoff' ? 'notice' : message.from;
    const item = el('li', `msg msg--${kind}`);
    item.dir = 'auto';
    item.lang = message.lang;
    item.dataset.from = message.from;
    if (message.from === 'agent' && message.agentName) {
      const author = el('span', 'msg__author');
      author.append(el('bdi', '', message.agentName));
      item.append(author);
    }
    item.append(message.from === 'agent' ? plainText(message.text) : richText(message.text, message.lang));
    let first = null;
    if (Array.isArray(message.choices) && message.choices.length > 0) {
      const group = el('div', 'choices');
      group.setAttribute('role', 'group');
      for (const choice of message.choices) {
        const button = el('button', 'choice', choice.title);
        button.type = 'button';
        button.dir = 'auto';
        if (choice.value) button.dataset.value = choice.value;
        button.addEventListener('click', (event) => {
          // The second click of a double click, even on a button that has just moved under the pointer.
          if (event.detail > 1 || button.disabled) return;
          lockChoices(group, button);
          onChoice(choice, message, button);
        });
        group.append(button);
        first ??= button;
      }
      item.append(group);
    }
    meta(item, message.at);
    list.append(item);
    seen.set(message.id, first);
    scrollDown();
    return first;
  }

  function plainText(text) {
    const body = el('div', 'msg__text');
    body.append(...inlineNodes(text, getLang()));
    return body;
  }

  return {
    addCustomer,
    addBot,
    markFailed,
    markSending,
    unlock(button) {
      for (const other of button.parentElement.querySelectorAll('button')) {
        other.disabled = false;
        other.classList.remove('is-chosen');
        other.removeAttribute('aria-pressed');
      }
    },
    clear() {
      list.replaceChildren();
      seen.clear();
    },
  };
}
