import { resolve } from 'node:path';
import type { ReadStream } from 'node:tty';
import { loadConfig } from '../../config.js';
import { LockCareError } from '../../errors.js';
import { AgentLanguage, AgentRole, readAgentsFile, USERNAME_PATTERN, writeAgentsFile, type AgentRecord } from '../../handoff/agents-file.js';
import { hashPassword, MIN_PASSWORD_LENGTH } from '../../handoff/password-hash.js';
import type { CliIo } from '../cli-io.js';

export const help = `Usage: lockcare agents <add|list|remove> [options]

Manage the support agents who sign in to the console at /console. Agents are kept in
AGENTS_FILE (default ./agents.json) with scrypt password hashes; passwords are never stored.

  lockcare agents add <username> [--role agent|admin] [--language en|es|ar|zh]
      Add an agent, or set a new password for an existing one. --language is the agent's
      working language (default en): the console's words, and what customer messages are
      translated into when OPENAI_API_KEY is set (the agent can change it in the console).
      The password is read from stdin: typed without echo in a terminal, or the first line of a pipe, e.g.
      printf '%s\\n' "$PASSWORD" | npx lockcare agents add maria --role admin
      Passwords must be at least ${MIN_PASSWORD_LENGTH} characters.
  lockcare agents list
  lockcare agents remove <username>

Admins also see the Channels panel (WhatsApp / WeChat pairing QR codes).`;

/** Read one line from stdin; in a terminal without echoing what is typed. */
async function readSecret(io: CliIo, prompt: string): Promise<string> {
  const stdin = io.stdin as NodeJS.ReadableStream & Partial<ReadStream>;
  if (stdin.isTTY && typeof stdin.setRawMode === 'function') {
    io.stderr.write(prompt);
    stdin.setRawMode(true);
    stdin.resume();
    return new Promise((done, fail) => {
      let value = '';
      const onData = (chunk: Buffer | string) => {
        for (const char of chunk.toString('utf8')) {
          if (char === '\r' || char === '\n' || char === '\u0004') {
            finish();
            done(value);
            return;
          }
          if (char === '\u0003') {
            finish();
            fail(new LockCareError('E_USAGE', 'Cancelled'));
            return;
          }
          if (char === '\u007f' || char === '\b') value = value.slice(0, -1);
          else value += char;
        }
      };
      const finish = () => {
        stdin.off('data', onData);
        stdin.setRawMode?.(false);
        stdin.pause();
        io.stderr.write('\n');
      };
      stdin.on('data', onData);
    });
  }
  // A pipe: the first line is the password.
  let buffered = '';
  for await (const chunk of stdin) {
    buffered += chunk.toString();
    if (buffered.includes('\n')) break;
  }
  return buffered.split(/\r?\n/)[0] ?? '';
}

function option(args: string[], name: string): string | undefined {
  const index = args.indexOf(name);
  if (index < 0) return undefined;
  const value = args[index + 1];
  if (!value || value.startsWith('--')) throw new LockCareError('E_USAGE', `${name} needs a value`);
  return value;
}

async function addAgent(args: string[], io: CliIo, file: string): Promise<number> {
  const username = args.find((arg, index) => !arg.startsWith('--') && args[index - 1] !== '--role' && args[index - 1] !== '--language')?.toLowerCase();
  if (!username) throw new LockCareError('E_USAGE', 'Usage: lockcare agents add <username> [--role agent|admin] [--language en|es|ar|zh]');
  if (!USERNAME_PATTERN.test(username)) throw new LockCareError('E_USAGE', `"${username}" is not a valid username: use 2-32 lower-case letters, digits, ".", "_" or "-"`);
  const roleText = option(args, '--role') ?? 'agent';
  const role = AgentRole.safeParse(roleText);
  if (!role.success) throw new LockCareError('E_USAGE', `--role must be "agent" or "admin", not "${roleText}"`);
  const languageText = option(args, '--language');
  const language = languageText === undefined ? undefined : AgentLanguage.safeParse(languageText.toLowerCase());
  if (language && !language.success) throw new LockCareError('E_USAGE', `--language must be en, es, ar or zh, not "${languageText}"`);

  const interactive = Boolean((io.stdin as Partial<ReadStream>).isTTY);
  const password = await readSecret(io, `Password for ${username}: `);
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new LockCareError('E_USAGE', `The password is too short: use at least ${MIN_PASSWORD_LENGTH} characters (nothing was written)`);
  }
  if (interactive && (await readSecret(io, 'Repeat the password: ')) !== password) {
    throw new LockCareError('E_USAGE', 'The passwords do not match (nothing was written)');
  }
  const agents = readAgentsFile(file);
  const existing = agents.findIndex((agent) => agent.username === username);
  const keptLanguage = language?.data ?? agents[existing]?.language;
  const record: AgentRecord = { username, role: role.data, passwordHash: await hashPassword(password), ...(keptLanguage ? { language: keptLanguage } : {}) };
  if (existing >= 0) agents[existing] = record;
  else agents.push(record);
  writeAgentsFile(file, agents);
  io.stdout.write(`${existing >= 0 ? 'Updated' : 'Added'} ${role.data} "${username}" (${keptLanguage ?? 'en'}) in ${file}\n`);
  return 0;
}

export async function run(args: string[], io: CliIo): Promise<number> {
  const [action, ...rest] = args;
  const file = resolve(loadConfig(io.env).handoff.agentsFile);
  switch (action) {
    case 'add':
      return addAgent(rest, io, file);
    case 'list': {
      const agents = readAgentsFile(file);
      if (agents.length === 0) io.stdout.write(`No agents in ${file}. Add one with: npx lockcare agents add <username>\n`);
      for (const agent of agents) io.stdout.write(`${agent.username}\t${agent.role}\t${agent.language ?? 'en'}\n`);
      return 0;
    }
    case 'remove': {
      const username = rest[0]?.toLowerCase();
      if (!username) throw new LockCareError('E_USAGE', 'Usage: lockcare agents remove <username>');
      const agents = readAgentsFile(file);
      const kept = agents.filter((agent) => agent.username !== username);
      if (kept.length === agents.length) {
        io.stderr.write(`No agent "${username}" in ${file}\n`);
        return 1;
      }
      writeAgentsFile(file, kept);
      io.stdout.write(`Removed "${username}" from ${file}\n`);
      return 0;
    }
    default:
      throw new LockCareError('E_USAGE', `Unknown action "${action ?? ''}". ${help.split('\n')[0]}`);
  }
}
