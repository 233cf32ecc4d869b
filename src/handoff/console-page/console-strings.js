// The console's own words, from locales/<lng>/console.json (GET /console/strings/<lng>), in the
// agent's working language; Arabic turns the page right to left.
const LANGUAGES = ['en', 'es', 'ar', 'zh'];
let words = {};
let current = 'en';

export function browserLanguage() {
  const wanted = (navigator.language || 'en').slice(0, 2).toLowerCase();
  return LANGUAGES.includes(wanted) ? wanted : 'en';
}

export async function loadStrings(language) {
  const lng = LANGUAGES.includes(language) ? language : 'en';
  const response = await fetch(`/console/strings/${lng}`, { credentials: 'same-origin' });
  words = response.ok ? await response.json() : {};
  current = lng;
  document.documentElement.lang = lng;
  document.documentElement.dir = lng === 'ar' ? 'rtl' : 'ltr';
  applyStrings(document);
  return lng;
}

export const currentLanguage = () => current;

/** A word by dotted key, with {{name}} filled from `values`; the key itself when missing. */
export function t(key, values = {}) {
  const found = key.split('.').reduce((node, part) => (node && typeof node === 'object' ? node[part] : undefined), words);
  const text = typeof found === 'string' ? found : key;
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name) => (values[name] === undefined ? '' : String(values[name])));
}

/** Fill every element marked data-i18n (text), data-i18n-placeholder and data-i18n-title. */
export function applyStrings(root) {
  for (const node of root.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
  for (const node of root.querySelectorAll('[data-i18n-placeholder]')) node.setAttribute('placeholder', t(node.dataset.i18nPlaceholder));
  for (const node of root.querySelectorAll('[data-i18n-title]')) node.setAttribute('title', t(node.dataset.i18nTitle));
  document.title = t('title');
}
