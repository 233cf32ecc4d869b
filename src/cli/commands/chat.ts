import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { createLockCare } from '../../app.js';
import { loadConfig } from '../../config.js';
import { renderForTerminal } from '../../channels/terminal/render-terminal.js';
import type { ChannelAdapter } from '../../core/types.js';
import { createSilentLogger } from '../../logger.js';
import type { CliIo } from '../cli-io.js';

export const help = `Usage: lockcare chat [--lang en|es|ar]

Chat with the bot in this terminal, on the same dialogs, FAQ and warranty check as every channel
(in-memory store unless REDIS_URL is set). Answer a numbered list with its number or words.
Type /quit or press Ctrl-D to leave.`;

export async function run(args: string[], io: CliIo): Promise<number> {
  const langIndex = args.indexOf('--lang');
  const localeHint = langIndex >= 0 ? args[langIndex + 1] : undefined;
  const config = loadConfig({ ...io.env, CHANNELS: 'web' });
  const lockcare = await createLockCare({ ...config, channels: [] }, { logger: createSilentLogger() });
  const conversationId = randomUUID();
  const terminal: ChannelAdapter = {
    name: 'terminal',
    capabilities: { choices: false, media: false, maxTextLength: 4000, proactive: true },
    async send(_target, messages) {
      io.stdout.write(`\n${renderForTerminal(messages)}\n> `);
    },
  };
  lockcare.core.registerChannel(terminal);
  await lockcare.start();
  io.stdout.write('LockCare chat — write to the bot (English, Español, العربية). /quit to leave.\n> ');

  const lines = createInterface({ input: io.stdin, terminal: false });
  for await (const line of lines) {
    const text = line.trim();
    if (text === '/quit' || text === '/exit') break;
    if (!text) {
      io.stdout.write('> ');
      continue;
    }
    const result = await lockcare.core.handle({
      channel: 'terminal',
      conversationId,
      user: { id: 'terminal-user' },
      platformMessageId: randomUUID(),
      content: { type: 'text', text },
      localeHint,
    });
    io.stdout.write(`${renderForTerminal(result.outbound)}\n> `);
  }
  io.stdout.write('\nBye.\n');
  await lockcare.close();
  return 0;
}
