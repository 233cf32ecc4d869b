// ---- widget-text.js: the widget's words (LC_STRINGS, from locales/<lng>/webchat.json) and safe rich text.
const LANGS = ['en', 'es', 'ar'];
const RTL = new Set(['ar']);
/** First strong isolate / pop directional isolate: an inserted name never reorders the sentence around it. */
const FSI = '\u2068';
const PDI = '\u2069';

function pickLanguage(wanted) {
  const tried = [wanted, ...(navigator.languages || []), navigator.language];
  for (const locale of tried) {
    const primary = String(locale || '').toLowerCase().split(/[-_]/)[0];
    if (LANGS.includes(primary)) return primary;
  }
  return 'en';
}

/** A widget string in `lang`, with {{values}} isolated for bidi. */
function tr(lang, key, values) {
  const table = LC_STRINGS[lang] || LC_STRINGS.en;
  const template = table[key] ?? LC_STRINGS.en[key] ?? key;
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_match, name) => `${FSI}${values && values[name] !== undefined ? values[name] : ''}${PDI}`);
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function svgIcon(path) {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  svg.classList.add('lc-icon');
  const shape = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  shape.setAttribute('d', path);
  svg.append(shape);
  return svg;
}

const ICONS = {
  chat: 'M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z',
  close: 'M6.4 5 12 10.6 17.6 5 19 6.4 13.4 12l5.6 5.6-1.4 1.4-5.6-5.6L6.4 19 5 17.6 10.6 12 5 6.4z',
  clip: 'M16.5 6.5v10a4.5 4.5 0 0 1-9 0V5a3 3 0 0 1 6 0v10.5a1.5 1.5 0 0 1-3 0V6.5H9v9a3 3 0 0 0 6 0V5a4.5 4.5 0 0 0-9 0v11.5a6 6 0 0 0 12 0v-10z',
  download: 'M11 4h2v8.2l3.3-3.3 1.4 1.4L12 16l-5.7-5.7 1.4-1.4 3.3 3.3zM5 18h14v2H5z',
  plus: 'M11 5h2v6h6v2h-6v6h-2v-6H5v-2h6z',
};

/** URLs, ticket ids (never broken at the hyphen) and plain text, as DOM nodes: nothing is parsed as HTML. */
function inlineNodes(text, lang) {
  const nodes = [];
  const pattern = /(https?:\/\/[^\s<>"']*[^\s<>"'.,;:!?)\]])|(\b[A-Z]{2,5}-\d{3,}\b)/g;
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    if (match.index > last) nodes.push(document.createTextNode(text.slice(last, match.index)));
    if (match[1]) nodes.push(safeLink(match[1], lang));
    else nodes.push(el('span', 'lc-nowrap', match[2]));
    last = match.index + match[0].length;
  }
  if (last < text.length) nodes.push(document.createTextNode(text.slice(last)));
  return nodes;
}

function safeLink(href, lang) {
  let url;
  try {
    url = new URL(href);
  } catch {
    return document.createTextNode(href);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return document.createTextNode(href);
  const link = el('a', 'lc-link', href);
  link.href = url.href;
  link.target = '_blank';
  link.rel = 'noopener noreferrer nofollow';
  link.append(el('span', 'lc-visually-hidden', ` ${tr(lang, 'opensInNewTab')}`));
  return link;
}

/**
 * A bot answer, readable (each paragraph takes its own direction with unicode-bidi: plaintext,
 * and the bubble's dir="auto" sees the text, as no inner element sets dir): a first line on its own that reads as a heading becomes the topic
 * title, lines "1. ..." become a numbered list, the rest paragraphs.
 */
function richText(text, lang) {
  const box = el('div', 'msg__text');
  const lines = String(text).split('\n');
  let start = 0;
  if (lines.length > 1 && lines[0].length <= 100 && !/[.:?!。]$/.test(lines[0].trim())) {
    const title = el('strong', 'msg__title');
    title.append(...inlineNodes(lines[0], lang));
    box.append(title);
    start = 1;
  }
  let list = null;
  for (const line of lines.slice(start)) {
    const step = /^\s*(\d{1,2})[.)]\s+(.*)$/.exec(line);
    if (step) {
      if (!list) {
        list = el('ol', 'msg__steps');
        list.start = Number(step[1]);
        box.append(list);
      }
      const item = el('li');
      item.append(...inlineNodes(step[2], lang));
      list.append(item);
      continue;
    }
    list = null;
    if (!line.trim()) continue;
    const paragraph = el('p', 'msg__para');
    paragraph.append(...inlineNodes(line, lang));
    box.append(paragraph);
  }
  return box;
}

function timeLabel(lang, iso) {
  const date = iso ? new Date(iso) : new Date();
  const node = el('time', 'msg__time', new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit' }).format(date));
  node.dateTime = date.toISOString();
  return node;
}
