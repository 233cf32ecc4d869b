import type { ConversationState, Language, ChannelName } from '../core/types.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/store.js';
import type { Ticket, TicketEvent } from '../handoff/ticket-types.js';
import { isoWeekOf, type LocalTime, type ReportCalendar } from './report-calendar.js';
import type { RollupStore } from './rollup-store.js';
import { cellKey, type BreachEntry, type DayRollup } from './rollup-types.js';

export const gapTextsKey = (day: string) => `reports:gap-texts:${day}`;
const MAX_GAP_TEXTS_PER_DAY = 2000;

function breachOf(ticket: Ticket): BreachEntry {
  return {
    ticket: ticket.id,
    priority: ticket.priority,
    channel: ticket.channel,
    language: ticket.language,
    createdAt: ticket.createdAt,
    dueAt: ticket.dueAt,
    ...(ticket.firstReplyAt ? { firstReplyAt: ticket.firstReplyAt } : {}),
  };
}

export interface GapText {
  channel: ChannelName;
  language: Language;
  topic: string;
  text: string;
}

/** What dialogs tell the reports (`ctx.services.reports`). */
export interface ContentGapRecorder {
  /** The FAQ search was not confident about this message. Never throws. */
  faqNotConfident(input: { at: Date; channel: ChannelName; language: Language; text: string; nearestTopic?: string }): Promise<void>;
}

export interface RecorderOptions {
  rollups: RollupStore;
  store: Store;
  calendar: ReportCalendar;
  logger: Logger;
  /** How long "already counted" markers live (longer than a ticket or conversation can). */
  seenTtlMs: number;
  /** Message texts of content gaps are kept this long (TICKET_RETENTION_DAYS); only counts after. */
  gapTextTtlMs: number;
}

function bump(volume: DayRollup['volume'], key: string, which: 'conversations' | 'tickets', at: LocalTime): void {
  const cell = (volume[key] ??= { conversations: {}, tickets: {} });
  const slot = `${at.weekday}:${at.hour}`;
  cell[which][slot] = (cell[which][slot] ?? 0) + 1;
}

/**
 * Durations are kept as a histogram (minutes → tickets), to the minute under 2 hours, to 5
 * minutes under 48 hours and to the hour beyond: medians and p90s at that precision, and a
 * document whose size does not grow with the number of tickets.
 */
export function durationBucket(ms: number): number {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 120) return minutes;
  if (minutes < 48 * 60) return minutes - (minutes % 5);
  return minutes - (minutes % 60);
}

function addDuration(histograms: Record<string, Record<string, number>>, key: string, ms: number): void {
  const histogram = (histograms[key] ??= {});
  const minute = String(durationBucket(ms));
  histogram[minute] = (histogram[minute] ?? 0) + 1;
}

/**
 * Writes the daily roll-ups as things happen: ticket milestones (opened, first reply, SLA
 * breach, closed, survey answered), conversation outcomes (started, reached a topic, solved by
 * the bot) and FAQ searches that were not confident. Each milestone is counted once
 * (`RollupStore.firstTime`), whichever process sees it.
 */
export class ReportRecorder implements ContentGapRecorder {
  /**
   * Conversation milestones this process already counted: most turns change nothing for the
   * reports, and this spares them the store round trip of asking (bounded; the store decides).
   */
  private readonly countedHere = new Set<string>();

  constructor(private readonly options: RecorderOptions) {}

  private async firstTimeHere(what: string): Promise<boolean> {
    if (this.countedHere.has(what)) return false;
    if (this.countedHere.size >= 50_000) this.countedHere.clear();
    this.countedHere.add(what);
    return this.options.rollups.firstTime(what, this.options.seenTtlMs);
  }

  /** TicketService listener. Never throws: a report must not fail a ticket change. */
  async onTicketEvent(type: TicketEvent['type'], ticket: Ticket): Promise<void> {
    try {
      await this.recordTicket(type, ticket);
    } catch (error) {
      this.options.logger.error({ err: error, ticket: ticket.id, event: type }, 'could not record a ticket in the reports');
    }
  }

  private async recordTicket(type: TicketEvent['type'], ticket: Ticket): Promise<void> {
    const { rollups, calendar, seenTtlMs } = this.options;
    const opened = calendar.local(ticket.createdAt);
    const dims = cellKey(ticket.priority, ticket.channel, ticket.language);
    const slaCell = cellKey(isoWeekOf(opened.day), ticket.priority, ticket.channel, ticket.language);
    if (type === 'ticket.created' && (await rollups.firstTime(`ticket:${ticket.id}:created`, seenTtlMs))) {
      await rollups.change(opened.day, (rollup) => {
        const cell = (rollup.selfService[cellKey(ticket.channel, ticket.language, ticket.topic)] ??= { conversations: 0, solved: 0, tickets: 0 });
        cell.tickets += 1;
        bump(rollup.volume, cellKey(ticket.channel, ticket.language), 'tickets', opened);
      });
    }
    if (type === 'ticket.topic' && ticket.topicTag && (ticket.topicTag.replaced ?? null) !== (ticket.topic ?? null)) {
      const from = cellKey(ticket.channel, ticket.language, ticket.topicTag.replaced);
      const to = cellKey(ticket.channel, ticket.language, ticket.topic);
      await rollups.change(opened.day, (rollup) => {
        const source = rollup.selfService[from];
        // Only a ticket the reports counted moves (one opened before the reports were on is not there).
        if (!source || source.tickets <= 0) return;
        source.tickets -= 1;
        (rollup.selfService[to] ??= { conversations: 0, solved: 0, tickets: 0 }).tickets += 1;
      });
    }
    if (type === 'ticket.replied' && ticket.firstReplyAt && ticket.timeToFirstReplyMs !== undefined && (await rollups.firstTime(`ticket:${ticket.id}:first-reply`, seenTtlMs))) {
      const within = Date.parse(ticket.firstReplyAt) <= Date.parse(ticket.dueAt);
      const decided = await rollups.firstTime(`ticket:${ticket.id}:sla`, seenTtlMs);
      await rollups.change(opened.day, (rollup) => {
        addDuration(rollup.firstReplyMin, dims, ticket.timeToFirstReplyMs!);
        if (decided) this.countSla(rollup, slaCell, within);
      });
      if (decided && !within) await rollups.addBreach(opened.day, breachOf(ticket));
    }
    if (type === 'sla.breach' && !ticket.firstReplyAt && (await rollups.firstTime(`ticket:${ticket.id}:sla`, seenTtlMs))) {
      await rollups.change(opened.day, (rollup) => this.countSla(rollup, slaCell, false));
      await rollups.addBreach(opened.day, breachOf(ticket));
    }
    const closedByAgent = (type === 'ticket.resolved' || type === 'ticket.released') && (ticket.resolution === 'resolved' || ticket.resolution === 'handed-back');
    if (closedByAgent && ticket.resolvedAt && ticket.timeToResolveMs !== undefined && (await rollups.firstTime(`ticket:${ticket.id}:closed`, seenTtlMs))) {
      await rollups.change(opened.day, (rollup) => addDuration(rollup.resolutionMin, dims, ticket.timeToResolveMs!));
      if (ticket.resolution === 'resolved') {
        const day = calendar.dayOf(ticket.resolvedAt);
        await rollups.change(day, (rollup) => {
          const cell = (rollup.satisfaction[cellKey(isoWeekOf(day), ticket.channel, ticket.language, ticket.resolvedBy)] ??= { surveyed: 0, answered: 0, satisfied: 0, scoreSum: 0 });
          cell.surveyed += 1;
        });
      }
    }
    if (type === 'ticket.survey' && ticket.surveyScore !== undefined && ticket.resolvedAt && (await rollups.firstTime(`ticket:${ticket.id}:survey`, seenTtlMs))) {
      const score = ticket.surveyScore;
      const day = calendar.dayOf(ticket.resolvedAt);
      await rollups.change(day, (rollup) => {
        const cell = (rollup.satisfaction[cellKey(isoWeekOf(day), ticket.channel, ticket.language, ticket.resolvedBy)] ??= { surveyed: 0, answered: 0, satisfied: 0, scoreSum: 0 });
        cell.answered += 1;
        cell.scoreSum += score;
        if (score >= 4) cell.satisfied += 1;
      });
    }
  }

  private countSla(rollup: DayRollup, cell: string, within: boolean): void {
    const counts = (rollup.sla[cell] ??= { within: 0, breached: 0 });
    if (within) counts.within += 1;
    else counts.breached += 1;
  }

  /** Core `turn` listener: a conversation started, reached a topic, or was solved by the bot. */
  async onTurn(state: ConversationState): Promise<void> {
    try {
      await this.recordTurn(state);
    } catch (error) {
      this.options.logger.error({ err: error }, 'could not record a conversation in the reports');
    }
  }

  private async recordTurn(state: ConversationState): Promise<void> {
    const { rollups, calendar } = this.options;
    const started = calendar.local(state.createdAt);
    const conversation = `${state.key}:${state.createdAt}`;
    const where = cellKey(state.channel, state.language);
    if (await this.firstTimeHere(`conv:${conversation}`)) {
      await rollups.change(started.day, (rollup) => {
        rollup.conversations[where] = (rollup.conversations[where] ?? 0) + 1;
        bump(rollup.volume, where, 'conversations', started);
      });
    }
    const walk = state.facts.troubleshooting;
    const topic = walk && typeof walk === 'object' && !Array.isArray(walk) && typeof walk.topic === 'string' ? walk.topic : undefined;
    if (!topic || !walk || typeof walk !== 'object' || Array.isArray(walk)) return;
    const cell = cellKey(state.channel, state.language, topic);
    const reached = await this.firstTimeHere(`conv:${conversation}:topic:${topic}`);
    const solved = walk.resolved === true && (await this.firstTimeHere(`conv:${conversation}:solved:${topic}`));
    if (!reached && !solved) return;
    await rollups.change(started.day, (rollup) => {
      const counts = (rollup.selfService[cell] ??= { conversations: 0, solved: 0, tickets: 0 });
      if (reached) counts.conversations += 1;
      if (solved) counts.solved += 1;
    });
  }

  /**
   * The FAQ search was not confident about a customer's message: count it under its nearest
   * topic; keep the text itself only for TICKET_RETENTION_DAYS.
   */
  async faqNotConfident(input: { at: Date; channel: ChannelName; language: Language; text: string; nearestTopic?: string }): Promise<void> {
    const { rollups, calendar, store, gapTextTtlMs } = this.options;
    try {
      const day = calendar.dayOf(input.at);
      const key = cellKey(input.channel, input.language, input.nearestTopic);
      await rollups.change(day, (rollup) => void (rollup.gaps[key] = (rollup.gaps[key] ?? 0) + 1));
      const entry: GapText = { channel: input.channel, language: input.language, topic: input.nearestTopic ?? '-', text: input.text.slice(0, 500) };
      await store.listPush(gapTextsKey(day), JSON.stringify(entry), MAX_GAP_TEXTS_PER_DAY, gapTextTtlMs);
    } catch (error) {
      this.options.logger.error({ err: error }, 'could not record a content gap');
    }
  }
}
