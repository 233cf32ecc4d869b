import type { ConversationState, Language } from '../core/types.js';
import { LockCareError } from '../errors.js';
import { csvCell } from '../reports/report-csv.js';
import type { Store } from '../store/store.js';
import type { ReadableComment } from './comment-translation.js';
import { customerOf, type SurveyContacts } from './survey-contacts.js';
import { SURVEY_DATA_TTL_MS, surveyKeys, type PdcaActions, type ResultsTexts, type SurveyAnswer } from './survey-types.js';

export interface ScoreSummary {
  answered: number;
  /** Average of the 1–5 answers (two decimals); null without any. */
  overall: number | null;
  speed: number | null;
  /** Share of overall answers scoring 4 or 5 (0–100). */
  satisfied: number | null;
}

export interface SurveyResults extends ScoreSummary {
  byLanguage: Record<string, ScoreSummary>;
  byChannel: Record<string, ScoreSummary>;
  byTopic: Record<string, ScoreSummary>;
  comments: string[];
}

const MAX_CAS_ATTEMPTS = 25;

function summarize(answers: SurveyAnswer[]): ScoreSummary {
  const overall = answers.flatMap((answer) => (answer.overall ? [answer.overall] : []));
  const speed = answers.flatMap((answer) => (answer.speed ? [answer.speed] : []));
  const average = (values: number[]) => (values.length ? Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 100) / 100 : null);
  return {
    answered: answers.length,
    overall: average(overall),
    speed: average(speed),
    satisfied: overall.length ? Math.round((overall.filter((score) => score >= 4).length / overall.length) * 1000) / 10 : null,
  };
}

function groupBy(answers: SurveyAnswer[], key: (answer: SurveyAnswer) => string): Record<string, ScoreSummary> {
  const groups = new Map<string, SurveyAnswer[]>();
  for (const answer of answers) {
    const name = key(answer);
    groups.set(name, [...(groups.get(name) ?? []), answer]);
  }
  return Object.fromEntries([...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([name, list]) => [name, summarize(list)]));
}

/** Survey answers (matched to the campaign's year), results, PDCA actions and opt-outs. */
export class SurveyService {
  constructor(
    private readonly store: Store,
    readonly contacts: SurveyContacts,
  ) {}

  async recordAnswer(year: number, customer: string, input: { overall?: number; speed?: number; comment?: string; channel: string; language: Language; topic?: string; at: Date }): Promise<void> {
    if (!Number.isInteger(year) || !customer) return;
    const key = surveyKeys.answer(year, customer);
    for (let attempt = 1; attempt <= MAX_CAS_ATTEMPTS; attempt += 1) {
      const current = await this.store.getVersioned(key);
      const answer: SurveyAnswer = current ? (JSON.parse(current.value) as SurveyAnswer) : { channel: input.channel, language: input.language, answeredAt: input.at.toISOString() };
      if (input.overall !== undefined) answer.overall = input.overall;
      if (input.speed !== undefined) answer.speed = input.speed;
      if (input.comment !== undefined) {
        answer.comment = input.comment;
        answer.commentLanguage = input.language;
      }
      if (input.topic && !answer.topic) answer.topic = input.topic;
      answer.answeredAt = input.at.toISOString();
      if ((await this.store.compareAndSet(key, current?.version ?? null, JSON.stringify(answer), SURVEY_DATA_TTL_MS)) !== null) {
        await this.store.setAdd(surveyKeys.answers(year), customer);
        return;
      }
    }
    throw new LockCareError('E_CONFLICT', 'Could not record the survey answer');
  }

  async answers(year: number): Promise<Array<{ customer: string; answer: SurveyAnswer }>> {
    const customers = (await this.store.setMembers(surveyKeys.answers(year))).sort();
    if (customers.length === 0) return [];
    const values = await this.store.getMany(customers.map((customer) => surveyKeys.answer(year, customer)));
    return customers.flatMap((customer, index) => (values[index] ? [{ customer, answer: JSON.parse(values[index]!) as SurveyAnswer }] : []));
  }

  async results(year: number): Promise<SurveyResults> {
    const answers = (await this.answers(year)).map((entry) => entry.answer);
    return {
      ...summarize(answers),
      byLanguage: groupBy(answers, (answer) => answer.language),
      byChannel: groupBy(answers, (answer) => answer.channel),
      byTopic: groupBy(answers, (answer) => answer.topic ?? '-'),
      comments: answers.flatMap((answer) => (answer.comment ? [answer.comment] : [])),
    };
  }

  async optOut(state: ConversationState): Promise<void> {
    await this.contacts.optOut(customerOf(state));
  }

  async pdca(year: number): Promise<PdcaActions | null> {
    const raw = await this.store.get(surveyKeys.pdca(year));
    return raw ? (JSON.parse(raw) as PdcaActions) : null;
  }

  /**
   * Change the PDCA actions: the parts given replace the saved ones, the others are kept; a
   * results text per language likewise (an empty text removes that language's).
   */
  async savePdca(year: number, change: Partial<Omit<PdcaActions, 'updatedAt' | 'updatedBy'>>, agent: string, now: Date): Promise<PdcaActions> {
    const key = surveyKeys.pdca(year);
    for (let attempt = 1; attempt <= MAX_CAS_ATTEMPTS; attempt += 1) {
      const current = await this.store.getVersioned(key);
      const saved: PdcaActions = current ? (JSON.parse(current.value) as PdcaActions) : { plan: '', do: '', check: '', act: '' };
      for (const part of ['plan', 'do', 'check', 'act'] as const) if (change[part] !== undefined) saved[part] = change[part];
      if (change.actions) {
        const actions: ResultsTexts = { ...saved.actions };
        for (const [language, text] of Object.entries(change.actions) as Array<[Language, string | undefined]>) {
          if (text?.trim()) actions[language] = text.trim();
          else delete actions[language];
        }
        saved.actions = actions;
      }
      Object.assign(saved, { updatedBy: agent, updatedAt: now.toISOString() });
      if ((await this.store.compareAndSet(key, current?.version ?? null, JSON.stringify(saved))) !== null) return saved;
    }
    throw new LockCareError('E_CONFLICT', 'Could not save the PDCA actions');
  }
}

/**
 * The survey answers as CSV, one customer per row, without who they are. The last four columns
 * are for the reader: the comment's language, the reader's language, the comment translated
 * into it, and how (`translated`, `same-language`, `off`, `failed`: the original is in `comment`).
 */
export function answersToCsv(year: number, answers: SurveyAnswer[], reader?: { language: string; comments: Array<ReadableComment | undefined> }): string {
  const lines = ['year,channel,language,topic,overall,speed,comment,answered_at,comment_language,translation_language,comment_translation,translation_status'];
  for (const [index, answer] of answers.entries()) {
    const comment = reader?.comments[index];
    lines.push(
      [year, answer.channel, answer.language, answer.topic ?? '', answer.overall, answer.speed, answer.comment, answer.answeredAt, comment?.language, comment ? reader?.language : '', comment?.translation, comment?.status]
        .map(csvCell)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
