import { handoffCommands } from '../../dialogs/commands/index.js';
import { surveyDialog } from '../../dialogs/survey/survey-dialog.js';
import type { FeatureSetup, SetupContext } from '../setup-context.js';
import { AgentDesk } from './agent-desk.js';
import { AgentPreferences } from './agent-preferences.js';
import { registerAgentRoutes } from './agent-routes.js';
import { SessionStore } from './agent-sessions.js';
import { SignInThrottle } from './sign-in-throttle.js';
import { AgentDirectory, createDemoAgent, type AgentRecord } from './agents-file.js';
import { registerConsoleRoutes } from './console-routes.js';
import { createDeskTranslator, type DeskTranslator } from './desk-translator.js';
import { createEscalationHandoff } from './escalation-handoff.js';
import { AuditLog } from './audit-log.js';
import { SavedReplies } from './saved-replies.js';
import { TicketHistory } from './ticket-history.js';
import { SlaPolicy } from './sla-policy.js';
import { SlaScheduler } from './sla-scheduler.js';
import { createWebhookSender } from './sla-webhook.js';
import { TicketService } from './ticket-service.js';
import { TicketSummaries } from './ticket-summary.js';
import { TopicTags } from './topic-tags.js';
import { createChatModel } from '../core/chat-model.js';
import { existsSync } from 'node:fs';
import { conversationKey } from '../core/types.js';

export interface HandoffFeatureSetup extends FeatureSetup {
  /** The SLA scheduler (tests call `tick()` after moving a TestClock). */
  scheduler: SlaScheduler;
  tickets: TicketService;
  desk: AgentDesk;
  directory: AgentDirectory;
  preferences: AgentPreferences;
  /** Console translation; undefined without OPENAI_API_KEY. */
  translator?: DeskTranslator;
  /** Ticket summaries (off without OPENAI_API_KEY). */
  summaries: TicketSummaries;
}

/**
 * Human escalation, the SLA (24 hours by default: the warranty card's reply promise) and the agent console: tickets, the escalation handoff,
 * the SLA scheduler, the agent API and the `/console` page.
 */
export async function createHandoffFeature(ctx: SetupContext): Promise<HandoffFeatureSetup> {
  const { config, store, clock, translator } = ctx;
  const logger = ctx.logger.child({ component: 'handoff' });
  const sla = config.handoff.sla;
  const policy = new SlaPolicy({
    normalHours: sla.normalHours,
    urgentHours: sla.urgentHours,
    channelNormalHours: { email: config.email.slaHours },
    timeZone: sla.timeZone,
    businessHours: sla.businessHours,
  });
  const tickets = new TicketService(store, clock, policy, logger, config.handoff.retentionMs);
  const handoff = createEscalationHandoff({ tickets, mediaMaxBytes: config.outbound.mediaMaxBytes });

  let demo: { record: AgentRecord; password: string } | undefined;
  if (config.handoff.demoAgent && !existsSync(config.handoff.agentsFile)) demo = await createDemoAgent();
  const directory = new AgentDirectory(config.handoff.agentsFile, demo?.record);
  const preferences = new AgentPreferences(store, directory);
  const deskTranslator = createDeskTranslator({ openai: config.openai, timeoutMs: config.handoff.translationTimeoutMs, store, logger, now: () => clock.now().getTime() });
  const summaries = new TicketSummaries({
    tickets,
    core: ctx.core,
    store,
    logger,
    model: createChatModel(config.openai, config.handoff.translationTimeoutMs),
    // The holder's language; a new ticket has none: DESK_LANGUAGE, else the first admin's working language, else English.
    openingLanguage: async (ticket) => {
      if (ticket.assignedTo) return preferences.language(ticket.assignedTo);
      if (config.handoff.deskLanguage) return config.handoff.deskLanguage;
      const admin = directory.list().find((agent) => agent.role === 'admin');
      return admin ? preferences.language(admin.username) : 'en';
    },
  });
  const desk = new AgentDesk(tickets, ctx.core, translator, logger, deskTranslator, summaries);
  if (sla.webhookUrl && !sla.webhookSecret) logger.warn('SLA_WEBHOOK_URL is set without SLA_WEBHOOK_SECRET: notices are sent unsigned');
  const scheduler = new SlaScheduler({
    store,
    tickets,
    clock,
    logger,
    pollMs: sla.pollMs,
    ...(sla.webhookUrl ? { webhook: createWebhookSender({ url: sla.webhookUrl, secret: sla.webhookSecret, logger }) } : {}),
  });
  // The webhook hears of a ticket the moment it opens, from the process that opened it.
  tickets.onChange(async (type, ticket) => {
    if (type === 'ticket.created') scheduler.announce(ticket);
    // In the background: the customer's reply and the ticket never wait for the model.
    if (type === 'ticket.created') summaries.startOnOpen(ticket);
  });
  const baseUrl = (config.publicUrl ?? `http://${config.host}:${config.port}`).replace(/\/$/, '');

  return {
    feature: { name: 'handoff', dialogs: [surveyDialog], commands: handoffCommands },
    handoff,
    services: { tickets, ticketChanges: tickets, agents: directory },
    scheduler,
    tickets,
    desk,
    directory,
    preferences,
    summaries,
    ...(deskTranslator ? { translator: deskTranslator } : {}),
    async routes(app) {
      registerConsoleRoutes(app);
      await registerAgentRoutes(app, {
        store,
        tickets,
        desk,
        directory,
        preferences,
        summaries,
        // The FAQ feature is set up after this one: its service is looked up when an agent tags.
        topicTags: new TopicTags(tickets, () => ctx.core().services.faq, logger),
        savedReplies: new SavedReplies(store, () => clock.now()),
        history: new TicketHistory(store),
        audit: new AuditLog(store, () => clock.now(), config.handoff.retentionMs),
        ...(deskTranslator ? { translator: deskTranslator } : {}),
        sessions: new SessionStore(store),
        throttle: new SignInThrottle(store),
        secureCookies: baseUrl.startsWith('https:'),
        publicUrl: config.publicUrl,
        logger,
        maxTextLength: config.conversation.maxMessageLength,
      });
    },
    async start() {
      scheduler.start();
      // A reply that stayed undelivered until its retries expired: tell the agent on the ticket
      // (it is no longer "reply queued"; the SLA clock was never stopped by it and keeps running).
      ctx.core().retries.onExpired(async (item) => {
        const ticket = item.ticketId
          ? await tickets.get(item.ticketId)
          : await tickets.findOpen(conversationKey(item.target.channel, item.target.conversationId));
        if (!ticket) return;
        const note = translator.t('en', 'handoff.delivery.failed', {
          count: item.messages.length,
          channel: item.target.channel,
          attempts: item.attempts,
          reason: item.lastError ?? 'unknown',
        });
        await tickets.queuedReplyExpired(ticket.id, { retryId: item.id, note });
      });
      // A queued agent reply reached the customer: the first one stops the SLA clock now.
      ctx.core().retries.onDelivered(async (item) => {
        const agent = item.messages.find((message) => message.author?.kind === 'agent')?.author;
        if (!item.ticketId || agent?.kind !== 'agent' || !(await tickets.get(item.ticketId))) return;
        const note = translator.t('en', 'handoff.delivery.delivered', { channel: item.target.channel, attempts: item.attempts + 1 });
        await tickets.queuedReplyDelivered(item.ticketId, { retryId: item.id, by: agent.name, note });
      });
    },
    async stop() {
      await scheduler.stop();
      await summaries.settle();
    },
    async ready() {
      return { handoff: { openTickets: (await tickets.listOpen()).length, sla: sla.businessHours ? `${sla.businessHours} ${sla.timeZone}` : '7x24' } };
    },
    banner() {
      const lines = [`Agent console: ${baseUrl}/console`];
      if (demo) {
        lines.push(`Demo agent login (this run only): username "demo", password "${demo.password}"`);
        lines.push('Add real agents with: npx lockcare agents add <username> [--role agent|admin]');
      } else if (directory.list().length === 0) {
        lines.push(`No agents yet: add one with "npx lockcare agents add <username>" (AGENTS_FILE=${config.handoff.agentsFile})`);
      }
      return lines;
    },
  };
}
