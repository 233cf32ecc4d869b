import type { FastifyInstance, FastifyRequest } from 'fastify';
import { stripIsolates } from '../core/bidi.js';
import type { Translator } from '../core/i18n.js';
import { LANGUAGES, isLanguage, type Language } from '../core/types.js';
import type { Store } from '../store/store.js';
import { surveyKeys, type SurveyPublication } from './survey-types.js';

declare module '../core/dialog.js' {
  interface FeatureServices {
    /**
     * Extra lines a FAQ topic shows after its answer, by the `notices` its file names
     * (`"notices": ["survey-results"]`): a notice with nothing to say adds no line.
     */
    topicNotices: TopicNotices;
  }
}

export interface TopicNotices {
  lines(notices: readonly string[], language: Language): Promise<string[]>;
}

/** `survey-results`: once a campaign is published, a line pointing to its results page. */
export const SURVEY_RESULTS_NOTICE = 'survey-results';

export async function latestPublication(store: Store): Promise<SurveyPublication | null> {
  const year = await store.get(surveyKeys.latestPublication);
  if (!year) return null;
  const raw = await store.get(surveyKeys.publication(Number(year)));
  return raw ? (JSON.parse(raw) as SurveyPublication) : null;
}

/** Keep what was published for the page and the FAQ line (kept for good: figures and texts only). */
export async function savePublication(store: Store, publication: SurveyPublication): Promise<void> {
  await store.set(surveyKeys.publication(publication.year), JSON.stringify(publication));
  const latest = Number(await store.get(surveyKeys.latestPublication));
  if (!(latest > publication.year)) await store.set(surveyKeys.latestPublication, String(publication.year));
}

export const resultsPageUrl = (baseUrl: string, year: number, language: Language) => `${baseUrl}/survey/${year}?lang=${language}`;

/**
 * The FAQ's "survey results" line (commitment letter IV.A: "feedback the results to
 * customers"): nothing before the first publication, then the latest year's page.
 */
export function createTopicNotices(store: Store, translator: Translator, baseUrl: string): TopicNotices {
  return {
    async lines(notices, language) {
      if (!notices.includes(SURVEY_RESULTS_NOTICE)) return [];
      const publication = await latestPublication(store);
      if (!publication) return [];
      return [translator.t(language, 'survey.faqLine', { year: publication.year, url: resultsPageUrl(baseUrl, publication.year, language) })];
    },
  };
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** The reader's language: `?lang=`, else the first of Accept-Language we speak, else English. */
function readerLanguage(request: FastifyRequest<{ Querystring: { lang?: string } }>): Language {
  const asked = request.query.lang;
  if (asked && isLanguage(asked)) return asked;
  const accepted = String(request.headers['accept-language'] ?? '')
    .split(',')
    .map((part) => part.trim().slice(0, 2).toLowerCase());
  return accepted.find(isLanguage) ?? 'en';
}

/** The published results and actions in one language; every word from `locales/<lng>/survey.json` (`survey.page.*`). */
export function renderResultsPage(publication: SurveyPublication | null, year: number, language: Language, translator: Translator): string {
  const t = (key: string, options?: Record<string, unknown>) => escapeHtml(stripIsolates(translator.t(language, `survey.page.${key}`, options)));
  const body: string[] = [];
  if (!publication) {
    body.push(`<h1>${t('title', { year })}</h1>`, `<p>${t('notPublished', { year })}</p>`);
  } else {
    const figure = (label: string, value: string) => `<div class="figure"><dt>${label}</dt><dd>${value}</dd></div>`;
    const dash = '–';
    body.push(
      `<h1>${t('title', { year })}</h1>`,
      `<p>${t('intro', { year })}</p>`,
      '<dl class="figures">',
      figure(t('answered'), String(publication.answered)),
      figure(t('satisfied'), publication.satisfied === null ? dash : t('percent', { value: publication.satisfied })),
      figure(t('overall'), publication.overall === null ? dash : String(publication.overall)),
      figure(t('speed'), publication.speed === null ? dash : String(publication.speed)),
      '</dl>',
      `<h2>${t('actions')}</h2>`,
    );
    const own = publication.actions[language];
    const shown = own ? language : LANGUAGES.find((other) => publication.actions[other]);
    if (!shown) body.push(`<p>${t('noActions')}</p>`);
    else {
      if (shown !== language) body.push(`<p class="note">${t('otherLanguage', { language: stripIsolates(translator.t(shown, 'survey.page.languageName')) })}</p>`);
      body.push(`<p lang="${shown}" dir="${shown === 'ar' ? 'rtl' : 'ltr'}">${escapeHtml(publication.actions[shown]!)}</p>`);
      if (publication.machineTranslated.includes(shown)) body.push(`<p class="note">${t('machineTranslated')}</p>`);
    }
    body.push(`<p class="note">${t('published', { date: publication.publishedAt.slice(0, 10) })}</p>`);
  }
  const links = LANGUAGES.filter((other) => other !== language).map(
    (other) => `<a href="/survey/${year}?lang=${other}" lang="${other}" hreflang="${other}">${escapeHtml(stripIsolates(translator.t(other, 'survey.page.languageName')))}</a>`,
  );
  return `<!doctype html>
<html lang="${language}" dir="${language === 'ar' ? 'rtl' : 'ltr'}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${t('title', { year })}</title>
<style>body{font:16px/1.5 system-ui,"Segoe UI","Noto Sans Arabic",sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem;color:#1d2733}
.figures{display:grid;grid-template-columns:repeat(auto-fit,minmax(9rem,1fr));gap:.75rem}.figure{border:1px solid #d9e0e8;border-radius:8px;padding:.5rem .75rem}
dt{color:#5b6b7c;font-size:.85rem}dd{margin:0;font-size:1.5rem;font-weight:600}.note{color:#5b6b7c;font-size:.9rem}nav a{margin-inline-end:1rem}</style></head>
<body><main>
${body.join('\n')}
</main>
<nav>${links.join(' ')}</nav>
</body>
</html>
`;
}

/** `GET /survey/:year`: the public results page of a published campaign (404 before). */
export function registerResultsPage(app: FastifyInstance, options: { store: Store; translator: Translator }): void {
  app.get<{ Params: { year: string }; Querystring: { lang?: string } }>('/survey/:year', async (request, reply) => {
    const language = readerLanguage(request);
    const year = /^\d{4}$/.test(request.params.year) ? Number(request.params.year) : Number.NaN;
    const raw = Number.isNaN(year) ? null : await options.store.get(surveyKeys.publication(year));
    const publication = raw ? (JSON.parse(raw) as SurveyPublication) : null;
    return reply
      .status(publication ? 200 : 404)
      .header('content-security-policy', PAGE_CSP)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .header('cache-control', 'no-cache')
      .type('text/html; charset=utf-8')
      .send(renderResultsPage(publication, Number.isNaN(year) ? 0 : year, language, options.translator));
  });
}
