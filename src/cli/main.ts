import { LockCareError } from '../errors.js';

/**
 * The `lockcare` command: every operator command lives here. Each subcommand is a module in
 * `src/cli/commands/` exporting `run(args: string[], io: CliIo): Promise<number>` (the exit
 * code) and a `help` string, loaded only when used so `lockcare chat` starts fast.
 */
import type { CliCommand, CliIo } from './cli-io.js';

export type { CliCommand, CliIo } from './cli-io.js';

const COMMANDS: Record<string, { summary: string; load: () => Promise<CliCommand> }> = {
  start: { summary: 'Run the bot server (web chat, console and the channels in CHANNELS)', load: () => import('./commands/start.js') },
  chat: { summary: 'Chat with the bot in this terminal', load: () => import('./commands/chat.js') },
  faq: { summary: 'FAQ tools: lint the content, search it, export what it was unsure about', load: () => import('./commands/faq.js') },
  warranty: { summary: 'Check a serial number against the registry and policies', load: () => import('./commands/warranty.js') },
  registry: { summary: 'Import the product registry from CSV', load: () => import('./commands/registry.js') },
  data: { summary: 'Data-subject requests: export or erase what is held about a person', load: () => import('./commands/data.js') },
  agents: { summary: 'Manage support agents who sign in to the console', load: () => import('./commands/agents.js') },
  survey: { summary: 'The December satisfaction survey: create (send) and publish results', load: () => import('./commands/survey.js') },
  bench: { summary: 'Run the benchmarks (npm run bench)', load: () => import('./commands/bench.js') },
};

export function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  const lines = Object.entries(COMMANDS).map(([name, { summary }]) => `  ${name.padEnd(width)}  ${summary}`);
  return `Usage: lockcare <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nRun "lockcare <command> --help" for a command's options.\n`;
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(usage());
    return name ? 0 : 2;
  }
  const entry = COMMANDS[name];
  if (!entry) {
    io.stderr.write(`lockcare: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  try {
    const command = await entry.load();
    if (args.includes('--help') || args.includes('-h')) {
      io.stdout.write(command.help.endsWith('\n') ? command.help : `${command.help}\n`);
      return 0;
    }
    return await command.run(args, io);
  } catch (error) {
    if (error instanceof LockCareError) {
      io.stderr.write(`lockcare ${name}: ${error.message} [${error.code}]\n`);
      return error.code === 'E_USAGE' || error.code === 'E_CONFIG' ? 2 : 1;
    }
    io.stderr.write(`lockcare ${name}: ${(error as Error).stack ?? String(error)}\n`);
    return 1;
  }
}
