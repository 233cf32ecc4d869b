import { z } from 'zod';
import { CHANNEL_NAMES, isLanguage, type ChannelName, type Language } from './core/types.js';
import { ConfigError } from './errors.js';

/**
 * The only place that reads `process.env`. Every variable is documented in `.env.example`.
 * A bad value stops start-up with a message naming the variable.
 */

const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
    .optional()
    .transform((value) => (value === undefined || value === '' ? fallback : ['true', '1', 'yes'].includes(value)));

const optionalString = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));

const optionalUrl = optionalString.refine((value) => value === undefined || URL.canParse(value), 'must be a URL');

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const nonNegativeInt = (fallback: number) => z.coerce.number().int().nonnegative().default(fallback);

const timeZone = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .refine((zone) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: zone });
        return true;
      } catch {
        return false;
      }
    }, 'must be an IANA time zone such as UTC or Asia/Dubai');

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  HOST: z.string().min(1).default('127.0.0.1'),
  PUBLIC_URL: optionalUrl,
  /** Proxies whose X-Forwarded-For is believed (comma-separated IPs/CIDRs, or `true` for any). Empty = none. */
  TRUST_PROXY: optionalString,
  CHANNELS: z
    .string()
    .default('web')
    .transform((value, ctx) => {
      const names = [...new Set(value.split(',').map((name) => name.trim().toLowerCase()).filter(Boolean))];
      for (const name of names) {
        if (!(CHANNEL_NAMES as readonly string[]).includes(name) || name === 'terminal') {
          ctx.addIssue({ code: 'custom', message: `unknown channel "${name}" (use web, whatsapp, whatsapp-cloud, wechat, teams, email)` });
        }
      }
      return names as ChannelName[];
    }),
  REDIS_URL: optionalUrl,
  /** Comma-separated seed nodes of a Redis Cluster (redis://host:port,...); takes the place of REDIS_URL. */
  REDIS_CLUSTER_URLS: optionalString.transform((value, ctx) => {
    if (value === undefined) return undefined;
    const urls = value.split(',').map((url) => url.trim()).filter(Boolean);
    for (const url of urls) if (!URL.canParse(url)) ctx.addIssue({ code: 'custom', message: `"${url}" is not a URL (use redis://host:port)` });
    return urls.length > 0 ? urls : undefined;
  }),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CONVERSATION_TTL_DAYS: positiveInt(30),
  DEDUPE_TTL_HOURS: positiveInt(48),
  MAX_MESSAGE_LENGTH: positiveInt(4000),
  SAMPLE_DATA: bool(true),

  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: optionalUrl,
  OPENAI_MODEL: z.string().default('gpt-4o-mini'),
  OPENAI_TIMEOUT_MS: positiveInt(8000),
  /** Console translation of customer messages and agent replies (needs OPENAI_API_KEY). */
  TRANSLATION_TIMEOUT_MS: positiveInt(10_000),
  /** Language of a ticket's opening summary while nobody holds it; unset = the first admin's working language, else en. */
  DESK_LANGUAGE: z.enum(['en', 'es', 'ar', 'zh', '']).optional(),
  /** Grounded FAQ answers written by the model from the matched topics' content (needs OPENAI_API_KEY). off | llm */
  FAQ_ANSWERS: z.enum(['off', 'llm']).default('off'),

  FAQ_DIR: z.string().default('faq'),
  FAQ_GAPS_RETENTION_DAYS: nonNegativeInt(30),

  WARRANTY_TIMEZONE: timeZone('UTC'),
  REGISTRY_FILE: optionalString,
  POLICIES_DIR: z.string().default('policies'),
  REGISTRY_CHECK_MS: positiveInt(5000),

  AGENTS_FILE: z.string().default('./agents.json'),
  SESSION_SECRET: optionalString,
  /** Unset = on for the embedded default only (off when NODE_ENV=production or REDIS_URL is set). */
  DEMO_AGENT: z.enum(['true', 'false', '1', '0', 'yes', 'no', '']).optional(),
  /** Days a closed ticket and its media are kept after it closes. */
  TICKET_RETENTION_DAYS: positiveInt(90),
  /** Days the daily report roll-ups (counts only, no personal data) are kept. */
  REPORT_RETENTION_DAYS: positiveInt(1096),
  /** Pause between two survey messages of a campaign (pacing). */
  SURVEY_SEND_INTERVAL_MS: nonNegativeInt(1000),
  SLA_NORMAL_HOURS: z.coerce.number().positive().default(24),
  SLA_URGENT_HOURS: z.coerce.number().positive().default(1),
  SLA_TIMEZONE: timeZone('UTC'),
  /** e.g. `mon-fri 09:00-18:00`; empty = 7×24. */
  SLA_BUSINESS_HOURS: optionalString,
  SLA_WEBHOOK_URL: optionalUrl,
  SLA_WEBHOOK_SECRET: optionalString,
  SLA_POLL_MS: positiveInt(5000),

  OUTBOUND_MIN_INTERVAL_MS: nonNegativeInt(1000),
  OUTBOUND_RETRY_POLL_MS: positiveInt(2000),
  OUTBOUND_RETRY_HOURS: z.coerce.number().positive().default(24),
  MEDIA_MAX_BYTES: positiveInt(16 * 1024 * 1024),
  /** Web pages allowed to embed the chat widget (CORS on /api/web): comma-separated origins, or `*`. Empty = this server's own pages only. */
  WEB_CHAT_ALLOWED_ORIGINS: z
    .string()
    .default('')
    .transform((value, ctx) => {
      const origins = [...new Set(value.split(',').map((entry) => entry.trim().replace(/\/+$/, '')).filter(Boolean))];
      for (const origin of origins) {
        if (origin !== '*' && (!URL.canParse(origin) || new URL(origin).origin !== origin)) {
          ctx.addIssue({ code: 'custom', message: `"${origin}" is not an origin (scheme://host[:port], e.g. https://www.example.com)` });
        }
      }
      return origins;
    }),

  CHROMIUM_PATH: z.string().default('/usr/bin/chromium'),
  WHATSAPP_AUTH: z.enum(['local', 'remote']).optional(),
  WHATSAPP_DATA_PATH: z.string().default('./data/whatsapp'),
  WHATSAPP_ALLOW_GROUPS: bool(false),

  WECHATY_PUPPET: z.string().default('wechaty-puppet-wechat4u'),
  WECHATY_PUPPET_TOKEN: optionalString,
  WECHATY_ALLOW_ROOMS: bool(false),

  EMAIL_IMAP_URL: optionalUrl,
  EMAIL_IMAP_USER: optionalString,
  EMAIL_IMAP_PASSWORD: optionalString,
  EMAIL_IMAP_TOKEN: optionalString,
  EMAIL_IMAP_MAILBOX: z.string().default('INBOX'),
  EMAIL_POLL_MS: positiveInt(60_000),
  EMAIL_IDLE: bool(true),
  EMAIL_SMTP_URL: optionalUrl,
  EMAIL_FROM: optionalString,
  SLA_EMAIL_HOURS: z.coerce.number().positive().default(24),
  AGENT_NOTIFY_EMAILS: optionalString,

  MICROSOFT_APP_ID: optionalString,
  MICROSOFT_APP_PASSWORD: optionalString,
  MICROSOFT_APP_TENANT_ID: optionalString,
  MICROSOFT_APP_CERT_THUMBPRINT: optionalString,
  MICROSOFT_APP_CERT_KEY_FILE: optionalString,
  MICROSOFT_APP_CERT_FILE: optionalString,

  /** Bearer token for `GET /metrics` (Prometheus); unset = no metrics route. */
  METRICS_TOKEN: optionalString.refine((value) => value === undefined || value.length >= 16, 'must be at least 16 characters'),
  /** Graph API base with a pinned version; tests point it at a fake server on 127.0.0.1. */
  WHATSAPP_CLOUD_API_URL: z.string().default('https://graph.facebook.com/v23.0').refine((value) => URL.canParse(value), 'must be a URL'),
  WHATSAPP_CLOUD_PHONE_NUMBER_ID: optionalString,
  WHATSAPP_CLOUD_ACCESS_TOKEN: optionalString,
  WHATSAPP_CLOUD_APP_SECRET: optionalString,
  WHATSAPP_CLOUD_VERIFY_TOKEN: optionalString,
  /** Approved template names per purpose (one name, approved in each language below). Empty = none. */
  WHATSAPP_CLOUD_TEMPLATE_TICKET_UPDATE: optionalString,
  WHATSAPP_CLOUD_TEMPLATE_SATISFACTION_SURVEY: optionalString,
  WHATSAPP_CLOUD_TEMPLATE_TICKET_REMINDER: optionalString,
  /** LockCare language → the template language code it was approved in, e.g. `en:en_US,es:es,ar:ar`. */
  WHATSAPP_CLOUD_TEMPLATE_LANGUAGES: z
    .string()
    .default('en:en_US,es:es,ar:ar')
    .transform((value, ctx) => {
      const map: Partial<Record<Language, string>> = {};
      for (const pair of value.split(',').map((entry) => entry.trim()).filter(Boolean)) {
        const [language, code] = pair.split(':').map((part) => part.trim());
        if (!isLanguage(language) || !code) ctx.addIssue({ code: 'custom', message: `"${pair}" is not language:code (en, es or ar)` });
        else map[language] = code;
      }
      return map;
    }),
  /** First wait before retrying a rate-limited send (doubles each attempt). */
  WHATSAPP_CLOUD_RETRY_BASE_MS: nonNegativeInt(2000),
  /** Hours after the `ticket_update` template before the `ticket_reminder` template goes out once; 0 = never. */
  WHATSAPP_CLOUD_REMINDER_HOURS: nonNegativeInt(24),
});

export type Env = z.input<typeof EnvSchema>;

export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  publicUrl?: string;
  /** Fastify `trustProxy`: false, true, or a list of proxy addresses. */
  trustProxy: boolean | string[];
  channels: ChannelName[];
  redisUrl?: string;
  /** REDIS_CLUSTER_URLS: seed nodes of a Redis Cluster (used instead of redisUrl when set). */
  redisClusterUrls?: string[];
  logLevel: string;
  conversation: { ttlMs: number; dedupeTtlMs: number; maxMessageLength: number };
  /** Origins of the sites that may embed the web chat widget (`*` = any); empty = same origin only. */
  webChat: { allowedOrigins: string[] };
  sampleData: boolean;
  openai: { apiKey?: string; baseUrl?: string; model: string; timeoutMs: number };
  faq: {
    dir: string;
    /** `llm`: a question the FAQ matches may get a short answer the model writes from the matched topics only (FAQ_ANSWERS). */
    answers: 'off' | 'llm';
    /** How long a message the FAQ was not sure about is kept for `faq gaps` (FAQ_GAPS_RETENTION_DAYS; 0 = not recorded). */
    gapsRetentionMs: number;
  };
  /** `checkMs`: how often the registry's presence in the store is checked (re-imported when Redis lost it). */
  warranty: { timeZone: string; registryFile?: string; policiesDir: string; checkMs: number };
  handoff: {
    agentsFile: string;
    sessionSecret?: string;
    demoAgent: boolean;
    /** How long a closed ticket and its media are kept (TICKET_RETENTION_DAYS). */
    retentionMs: number;
    /** How long a console translation may take before the agent is offered the original. */
    translationTimeoutMs: number;
    /** DESK_LANGUAGE: the opening summary's language when the ticket is not assigned (unset: first admin's, else en). */
    deskLanguage?: 'en' | 'es' | 'ar' | 'zh';
    sla: {
      normalHours: number;
      urgentHours: number;
      timeZone: string;
      businessHours?: string;
      webhookUrl?: string;
      webhookSecret?: string;
      pollMs: number;
    };
  };
  /** `retryPollMs`, `retryExpireMs`: how often failed sends are retried, and for how long. */
  outbound: { minIntervalMs: number; mediaMaxBytes: number; retryPollMs: number; retryExpireMs: number };
  /** Daily roll-ups (REPORT_RETENTION_DAYS) and the yearly survey's pacing. */
  reports: { retentionMs: number; surveyIntervalMs: number };
  whatsapp: { chromiumPath: string; auth: 'local' | 'remote'; dataPath: string; allowGroups: boolean };
  wechat: { puppet: string; puppetToken?: string; allowRooms: boolean };
  email: {
    imapUrl?: string;
    imapUser?: string;
    imapPassword?: string;
    /** OAuth2 access token (XOAUTH2) instead of a password. */
    imapToken?: string;
    mailbox: string;
    /** IMAP IDLE; without it (or when the server lacks it) the mailbox is polled every `pollMs`. */
    idle: boolean;
    pollMs: number;
    smtpUrl?: string;
    /** Our address: the From of every mail and the mail never answered. */
    from?: string;
    /** First human reply due on an e-mail ticket (the warranty card's 24 hours). */
    slaHours: number;
    /** Agents told of new tickets and SLA warnings by mail. */
    agentNotifyEmails: string[];
  };
  teams: { appId?: string; appPassword?: string; tenantId?: string; certThumbprint?: string; certKeyFile?: string; certFile?: string };
  /** `GET /metrics` is served only when `token` is set (METRICS_TOKEN). */
  metrics: { token?: string };
  whatsappCloud: WhatsappCloudConfig;
}

/** The purposes LockCare writes for outside the 24-hour window, each an approved template. */
export const TEMPLATE_PURPOSES = ['ticket_update', 'satisfaction_survey', 'ticket_reminder'] as const;
export type TemplatePurpose = (typeof TEMPLATE_PURPOSES)[number];

export interface WhatsappCloudConfig {
  apiUrl: string;
  phoneNumberId?: string;
  accessToken?: string;
  appSecret?: string;
  verifyToken?: string;
  templates: Partial<Record<TemplatePurpose, string>>;
  templateLanguages: Partial<Record<Language, string>>;
  retryBaseMs: number;
  /** Hours an agent reply stays held unanswered before the `ticket_reminder` template (0 = off). */
  reminderHours: number;
}

/** Parse an environment (default: `process.env`). Throws ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.') || '(environment)'}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}\nSee .env.example for every variable and its format.`);
  }
  const e = parsed.data;
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    publicUrl: e.PUBLIC_URL,
    trustProxy:
      e.TRUST_PROXY === undefined || e.TRUST_PROXY === 'false'
        ? false
        : e.TRUST_PROXY === 'true'
          ? true
          : e.TRUST_PROXY.split(',').map((entry) => entry.trim()).filter(Boolean),
    channels: e.CHANNELS.length > 0 ? e.CHANNELS : ['web'],
    redisUrl: e.REDIS_URL,
    redisClusterUrls: e.REDIS_CLUSTER_URLS,
    logLevel: e.LOG_LEVEL,
    webChat: { allowedOrigins: e.WEB_CHAT_ALLOWED_ORIGINS },
    conversation: {
      ttlMs: e.CONVERSATION_TTL_DAYS * 86_400_000,
      dedupeTtlMs: e.DEDUPE_TTL_HOURS * 3_600_000,
      maxMessageLength: e.MAX_MESSAGE_LENGTH,
    },
    sampleData: e.SAMPLE_DATA,
    openai: { apiKey: e.OPENAI_API_KEY, baseUrl: e.OPENAI_BASE_URL, model: e.OPENAI_MODEL, timeoutMs: e.OPENAI_TIMEOUT_MS },
    faq: { dir: e.FAQ_DIR, answers: e.FAQ_ANSWERS, gapsRetentionMs: e.FAQ_GAPS_RETENTION_DAYS * 86_400_000 },
    warranty: { timeZone: e.WARRANTY_TIMEZONE, registryFile: e.REGISTRY_FILE, policiesDir: e.POLICIES_DIR, checkMs: e.REGISTRY_CHECK_MS },
    handoff: {
      agentsFile: e.AGENTS_FILE,
      sessionSecret: e.SESSION_SECRET,
      demoAgent: e.DEMO_AGENT ? ['true', '1', 'yes'].includes(e.DEMO_AGENT) : e.NODE_ENV !== 'production' && !e.REDIS_URL && !e.REDIS_CLUSTER_URLS,
      retentionMs: e.TICKET_RETENTION_DAYS * 86_400_000,
      translationTimeoutMs: e.TRANSLATION_TIMEOUT_MS,
      ...(e.DESK_LANGUAGE ? { deskLanguage: e.DESK_LANGUAGE } : {}),
      sla: {
        normalHours: e.SLA_NORMAL_HOURS,
        urgentHours: e.SLA_URGENT_HOURS,
        timeZone: e.SLA_TIMEZONE,
        businessHours: e.SLA_BUSINESS_HOURS,
        webhookUrl: e.SLA_WEBHOOK_URL,
        webhookSecret: e.SLA_WEBHOOK_SECRET,
        pollMs: e.SLA_POLL_MS,
      },
    },
    outbound: {
      minIntervalMs: e.OUTBOUND_MIN_INTERVAL_MS,
      mediaMaxBytes: e.MEDIA_MAX_BYTES,
      retryPollMs: e.OUTBOUND_RETRY_POLL_MS,
      retryExpireMs: e.OUTBOUND_RETRY_HOURS * 3_600_000,
    },
    reports: { retentionMs: e.REPORT_RETENTION_DAYS * 86_400_000, surveyIntervalMs: e.SURVEY_SEND_INTERVAL_MS },
    whatsapp: {
      chromiumPath: e.CHROMIUM_PATH,
      auth: e.WHATSAPP_AUTH ?? (e.REDIS_URL || e.REDIS_CLUSTER_URLS ? 'remote' : 'local'),
      dataPath: e.WHATSAPP_DATA_PATH,
      allowGroups: e.WHATSAPP_ALLOW_GROUPS,
    },
    wechat: { puppet: e.WECHATY_PUPPET, puppetToken: e.WECHATY_PUPPET_TOKEN, allowRooms: e.WECHATY_ALLOW_ROOMS },
    email: {
      imapUrl: e.EMAIL_IMAP_URL,
      imapUser: e.EMAIL_IMAP_USER,
      imapPassword: e.EMAIL_IMAP_PASSWORD,
      imapToken: e.EMAIL_IMAP_TOKEN,
      mailbox: e.EMAIL_IMAP_MAILBOX,
      idle: e.EMAIL_IDLE,
      pollMs: e.EMAIL_POLL_MS,
      smtpUrl: e.EMAIL_SMTP_URL,
      from: e.EMAIL_FROM,
      slaHours: e.SLA_EMAIL_HOURS,
      agentNotifyEmails: (e.AGENT_NOTIFY_EMAILS ?? '').split(',').map((address) => address.trim()).filter(Boolean),
    },
    teams: {
      appId: e.MICROSOFT_APP_ID,
      appPassword: e.MICROSOFT_APP_PASSWORD,
      tenantId: e.MICROSOFT_APP_TENANT_ID,
      certThumbprint: e.MICROSOFT_APP_CERT_THUMBPRINT,
      certKeyFile: e.MICROSOFT_APP_CERT_KEY_FILE,
      certFile: e.MICROSOFT_APP_CERT_FILE,
    },
    metrics: { token: e.METRICS_TOKEN },
    whatsappCloud: {
      apiUrl: e.WHATSAPP_CLOUD_API_URL.replace(/\/+$/, ''),
      phoneNumberId: e.WHATSAPP_CLOUD_PHONE_NUMBER_ID,
      accessToken: e.WHATSAPP_CLOUD_ACCESS_TOKEN,
      appSecret: e.WHATSAPP_CLOUD_APP_SECRET,
      verifyToken: e.WHATSAPP_CLOUD_VERIFY_TOKEN,
      templates: {
        ...(e.WHATSAPP_CLOUD_TEMPLATE_TICKET_UPDATE ? { ticket_update: e.WHATSAPP_CLOUD_TEMPLATE_TICKET_UPDATE } : {}),
        ...(e.WHATSAPP_CLOUD_TEMPLATE_SATISFACTION_SURVEY ? { satisfaction_survey: e.WHATSAPP_CLOUD_TEMPLATE_SATISFACTION_SURVEY } : {}),
        ...(e.WHATSAPP_CLOUD_TEMPLATE_TICKET_REMINDER ? { ticket_reminder: e.WHATSAPP_CLOUD_TEMPLATE_TICKET_REMINDER } : {}),
      },
      templateLanguages: e.WHATSAPP_CLOUD_TEMPLATE_LANGUAGES,
      retryBaseMs: e.WHATSAPP_CLOUD_RETRY_BASE_MS,
      reminderHours: e.WHATSAPP_CLOUD_REMINDER_HOURS,
    },
  };
}
