import { createLockCare } from '../../app.js';
import { loadConfig } from '../../config.js';
import { systemClock, type Clock } from '../../core/dialog.js';
import { LockCareError } from '../../errors.js';
import { isLanguage, LANGUAGES } from '../../core/types.js';
import type { CampaignCounts, PublishPlan } from '../../survey/survey-campaign.js';
import type { ResultsTexts } from '../../survey/survey-types.js';
import type { SurveyFeatureSetup } from '../../survey/survey-feature.js';
import type { CliIo } from '../cli-io.js';

export const help = `Usage: lockcare survey <create|actions|publish> --year <YYYY> [options]

The December Customer Satisfaction Survey (commitment letter IV.A).

  lockcare survey create --year 2026 [--dry-run] [--now]
      Send the survey (overall 1-5, response speed 1-5, one free-text question) once to every
      customer who contacted support that year, in their language, on the channel they last
      used, within that channel's rules; the others are skipped and counted with the reason.
      Paced by SURVEY_SEND_INTERVAL_MS and resumable: run it again after a crash and nobody
      gets it twice. Waits for 1 December (UTC) of that year unless --now is given.
      --dry-run prints the counts per channel and sends nothing.
  lockcare survey actions --year 2026 [--en <text>] [--es <text>] [--ar <text>]
      Write what customers are told we are improving, per language (the console's PDCA form
      does the same); "" removes a language's text. Prints the texts saved.
  lockcare survey publish --year 2026 [--dry-run]
      Send the results and that text to the customers who answered, once each, in their
      language. A language with answerers and no text is machine-translated when translation
      is on (OPENAI_API_KEY); when it is off, publish refuses and names the missing languages,
      sending nobody anything. --dry-run prints the counts per channel and per language.

It works on the store of the running server (REDIS_URL) and sends through the channels that
server runs. With the embedded in-memory store, start the campaign from the console instead
(POST /api/agent/surveys/<year>, admins).`;

interface SurveyArgs {
  action: 'create' | 'actions' | 'publish';
  year: number;
  dryRun: boolean;
  now: boolean;
  texts: ResultsTexts;
}

function parseArgs(args: string[]): SurveyArgs {
  const [action, ...rest] = args;
  if (action !== 'create' && action !== 'actions' && action !== 'publish') throw new LockCareError('E_USAGE', `survey needs "create", "actions" or "publish"\n\n${help}`);
  const options: SurveyArgs = { action, year: Number.NaN, dryRun: false, now: false, texts: {} };
  for (let i = 0; i < rest.length; i += 1) {
    const arg = rest[i]!;
    const language = arg.slice(2);
    if (arg === '--dry-run') options.dryRun = true;
    else if (arg === '--now') options.now = true;
    else if (arg === '--year') options.year = Number(rest[(i += 1)]);
    else if (action === 'actions' && isLanguage(language) && arg === `--${language}`) {
      const text = rest[(i += 1)];
      if (text === undefined || text.length > 2000) throw new LockCareError('E_USAGE', `${arg} needs a text of at most 2000 characters`);
      options.texts[language] = text;
    } else throw new LockCareError('E_USAGE', `unknown option ${arg}\n\n${help}`);
  }
  if (!Number.isInteger(options.year) || options.year < 2000 || options.year > 2100) throw new LockCareError('E_USAGE', '--year needs a year such as 2026');
  return options;
}

/** Wait (checking the clock once a minute) until 1 December of `year`, UTC. */
export async function waitForDecember(year: number, clock: Clock, sleep: (ms: number) => Promise<void>, say: (line: string) => void): Promise<void> {
  const start = Date.UTC(year, 11, 1);
  if (clock.now().getTime() >= start) return;
  say(`survey: waiting until ${new Date(start).toISOString()} (December); use --now to send it now`);
  while (clock.now().getTime() < start) await sleep(Math.min(60_000, start - clock.now().getTime()));
}

export function formatCounts(counts: CampaignCounts): string {
  const lines = [`selected ${counts.selected}, sent ${counts.sent}, skipped ${counts.skipped}`];
  for (const [channel, value] of Object.entries(counts.byChannel).sort()) lines.push(`  ${channel.padEnd(16)} selected ${value.selected}, sent ${value.sent}, skipped ${value.skipped}`);
  for (const [reason, count] of Object.entries(counts.skippedByReason).sort()) lines.push(`  skipped: ${reason} ${count}`);
  return `${lines.join('\n')}\n`;
}

export function formatPublishPlan(plan: PublishPlan): string {
  const lines = [formatCounts(plan.counts).trimEnd()];
  for (const [language, entry] of Object.entries(plan.languages).sort()) lines.push(`  ${language.padEnd(16)} customers ${entry.recipients}, text: ${entry.text}`);
  if (plan.missing.length > 0) lines.push(`  missing text: ${plan.missing.join(', ')} (publish would refuse)`);
  return `${lines.join('\n')}\n`;
}

export async function run(args: string[], io: CliIo): Promise<number> {
  const options = parseArgs(args);
  const base = loadConfig(io.env);
  if (!base.redisUrl) io.stderr.write('survey: no REDIS_URL: this process has its own empty in-memory store; start the campaign from the console instead\n');
  // No channels here: messages go through the outbox to the server process that runs them.
  const lockcare = await createLockCare({ ...base, channels: [] });
  try {
    const survey = lockcare.features.find((setup) => setup.feature.name === 'survey') as SurveyFeatureSetup;
    const campaigns = survey.campaigns({ forwardToOtherProcesses: true });
    if (options.action === 'actions') {
      const saved = Object.keys(options.texts).length > 0 ? await survey.surveys.savePdca(options.year, { actions: options.texts }, 'cli', systemClock.now()) : await survey.surveys.pdca(options.year);
      for (const language of LANGUAGES) io.stdout.write(`${language}: ${saved?.actions?.[language] ?? '(none)'}\n`);
      return 0;
    }
    if (options.action === 'publish') {
      if (options.dryRun) {
        io.stdout.write(`dry run, nothing sent: ${formatPublishPlan(await campaigns.planPublish(options.year))}`);
        return 0;
      }
      io.stdout.write(`results sent: ${formatCounts(await campaigns.publish(options.year))}`);
      return 0;
    }
    if (options.dryRun) {
      io.stdout.write(`dry run, nothing sent: ${formatCounts(await campaigns.plan(options.year))}`);
      return 0;
    }
    if (!options.now) await waitForDecember(options.year, systemClock, (ms) => new Promise((resolve) => setTimeout(resolve, ms)), (line) => io.stderr.write(`${line}\n`));
    io.stdout.write(formatCounts(await campaigns.run(options.year, 'cli')));
    return 0;
  } finally {
    await lockcare.close();
  }
}
