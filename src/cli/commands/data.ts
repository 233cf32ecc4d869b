import { loadConfig } from '../../config.js';
import { erasePersonData, exportPersonData, type PersonQuery } from '../../privacy/data-requests.js';
import { LockCareError } from '../../errors.js';
import { createSilentLogger } from '../../logger.js';
import { createStore } from '../../store/create-store.js';
import { optionValue, parseOptions } from '../../warranty/cli-options.js';
import type { CliIo } from '../cli-io.js';

export const help = `Usage: lockcare data <export|erase> (--phone <number> | --conversation <id>) [--include-registry]

Data-subject requests (access and erasure) against the store in REDIS_URL (or REDIS_CLUSTER_URLS).

  lockcare data export --phone "+34 612 345 678"
      Print everything held about that person as JSON: conversation state and transcripts,
      tickets with their notes and media files, registry rows with that phone number, and
      the other keys kept for their conversations (dedupe claims, reply window, tokens).
  lockcare data export --conversation whatsapp:34612345678@c.us
      The same for one conversation (the channel prefix may be left out).
  lockcare data erase --phone <number> | --conversation <id> [--include-registry]
      Delete all of that and say what was removed. Registry rows (the vendor's product list)
      stay; with --include-registry their personal fields (customer, phone) are blanked.
      A row blanked here comes back from REGISTRY_FILE on the next import: edit the file too.

Phone numbers match on their digits with the country code ("+34 612-345 678" = "0034612345678").
Exit codes: 0 done (also when nothing was found), 2 usage error.`;

export async function run(args: string[], io: CliIo): Promise<number> {
  const parsed = parseOptions(args, { values: ['phone', 'conversation'], flags: ['include-registry'] });
  const [action, extra] = parsed.positionals;
  if (action !== 'export' && action !== 'erase') throw new LockCareError('E_USAGE', action ? `unknown subcommand "${action}" (use export or erase)` : 'missing subcommand: export or erase');
  if (extra) throw new LockCareError('E_USAGE', `unexpected argument "${extra}"`);
  const phone = optionValue(parsed, 'phone');
  const conversation = optionValue(parsed, 'conversation');
  if (Boolean(phone) === Boolean(conversation)) throw new LockCareError('E_USAGE', 'give exactly one of --phone or --conversation');
  const query: PersonQuery = phone ? { phone } : { conversation: conversation! };
  if (action === 'export' && parsed.flags.has('include-registry')) throw new LockCareError('E_USAGE', '--include-registry is for erase');

  const config = loadConfig(io.env);
  if (!config.redisUrl && !config.redisClusterUrls) {
    throw new LockCareError('E_USAGE', 'set REDIS_URL: without it the data lives in the memory of the running server, which this command cannot reach');
  }
  const store = await createStore(config, createSilentLogger());
  try {
    if (action === 'export') {
      io.stdout.write(`${JSON.stringify(await exportPersonData(store, query), null, 2)}\n`);
      return 0;
    }
    const report = await erasePersonData(store, query, { includeRegistry: parsed.flags.has('include-registry') });
    const list = (items: string[]) => (items.length > 0 ? `: ${items.join(', ')}` : '');
    io.stdout.write(
      [
        `Erased ${report.conversations.length} conversation(s)${list(report.conversations)} with their transcripts`,
        `Erased ${report.tickets.length} ticket(s)${list(report.tickets)} and ${report.mediaFiles} media file(s)`,
        `Erased ${report.otherKeys} other key(s) (dedupe claims, reply window, tokens, verification counters)`,
        parsed.flags.has('include-registry')
          ? `Blanked customer and phone in ${report.registryRowsBlanked.length} registry row(s)${list(report.registryRowsBlanked)}`
          : 'Registry rows were left as they are (add --include-registry to blank their customer and phone)',
      ].join('\n') + '\n',
    );
    return 0;
  } finally {
    await store.close();
  }
}
