import { requireService } from '../core/dialog.js';
import { loadLocaleResources } from '../core/i18n.js';
import type { ConversationState } from '../core/types.js';
import type { FeatureSetup, SetupContext } from '../setup-context.js';
import { ReportCalendar } from './report-calendar.js';
import { ReportRecorder, type ContentGapRecorder } from './report-recorder.js';
import { registerReportRoutes } from './report-routes.js';
import { RollupStore } from './rollup-store.js';

declare module '../core/dialog.js' {
  interface FeatureServices {
    /** What dialogs tell the reports (a FAQ search that was not confident). */
    reports: ContentGapRecorder;
  }
}

export interface ReportsFeatureSetup extends FeatureSetup {
  recorder: ReportRecorder;
  rollups: RollupStore;
  calendar: ReportCalendar;
}

/** "Already counted" markers outlive any ticket or conversation they could be about. */
const SEEN_TTL_MS = 400 * 86_400_000;

/**
 * Reports: daily roll-ups written as tickets and conversations change, the reports API and
 * CSV, and the console's Reports page. Days, weeks and hours are in SLA_TIMEZONE.
 */
export async function createReportsFeature(ctx: SetupContext): Promise<ReportsFeatureSetup> {
  const { config, store, clock } = ctx;
  const logger = ctx.logger.child({ component: 'reports' });
  const rollups = new RollupStore(store, config.reports.retentionMs);
  const calendar = new ReportCalendar(config.handoff.sla.timeZone);
  const recorder = new ReportRecorder({ rollups, store, calendar, logger, seenTtlMs: SEEN_TTL_MS, gapTextTtlMs: config.handoff.retentionMs });
  let locales: ReturnType<typeof loadLocaleResources> | undefined;

  // Listen to ticket changes once the core (and so every feature's services) exists.
  let attached = false;
  const attach = () => {
    if (attached) return;
    attached = true;
    ctx.core().services.ticketChanges?.onChange((type, ticket) => recorder.onTicketEvent(type, ticket));
  };

  return {
    feature: { name: 'reports', afterTurn: (state: ConversationState) => recorder.onTurn(state) },
    services: { reports: recorder },
    recorder,
    rollups,
    calendar,
    routes(app) {
      attach();
      registerReportRoutes(app, {
        store,
        rollups,
        calendar,
        clock,
        directory: () => requireService(ctx.core().services, 'agents'),
        gapTextTtlMs: config.handoff.retentionMs,
        strings: (language) => (locales ??= loadLocaleResources())[language as 'en']?.reports ?? {},
      });
    },
    async start() {
      attach();
    },
  };
}
