import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { LockCareError } from '../errors.js';
import { hashPassword } from './password-hash.js';

/**
 * Support agents who may sign in to the console: `AGENTS_FILE` (default `./agents.json`), a JSON
 * array of `{username, role, passwordHash, language?}` written by `npx lockcare agents add`. Only scrypt
 * hashes are stored, never a password.
 */
export const AgentRole = z.enum(['agent', 'admin']);
export type AgentRole = z.infer<typeof AgentRole>;

/** An agent's working language: the console's words, and what customer messages are translated into. */
export const AGENT_LANGUAGES = ['en', 'es', 'ar', 'zh'] as const;
export const AgentLanguage = z.enum(AGENT_LANGUAGES);
export type AgentLanguage = z.infer<typeof AgentLanguage>;

export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{1,31}$/;

export const AgentRecordSchema = z.object({
  username: z.string().regex(USERNAME_PATTERN, 'usernames are 2-32 lower-case letters, digits, ".", "_" or "-"'),
  role: AgentRole,
  passwordHash: z.string().startsWith('scrypt$'),
  /** Absent = English. The console can override it (stored per agent, see agent-preferences.ts). */
  language: AgentLanguage.optional(),
});
export type AgentRecord = z.infer<typeof AgentRecordSchema>;

const AgentsFileSchema = z.array(AgentRecordSchema);

export function readAgentsFile(path: string): AgentRecord[] {
  if (!existsSync(path)) return [];
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new LockCareError('E_CONFIG', `AGENTS_FILE ${path} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = AgentsFileSchema.safeParse(data);
  if (!parsed.success) {
    throw new LockCareError('E_CONFIG', `AGENTS_FILE ${path}: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  }
  return parsed.data;
}

/** Write atomically (temp file + rename), readable by the owner only. */
export function writeAgentsFile(path: string, agents: AgentRecord[]): void {
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(agents, null, 2)}\n`, { mode: 0o600 });
  renameSync(temp, path);
}

/**
 * Looks agents up in the file, re-reading it when it changes (agents added while running can
 * sign in at once), plus an optional in-memory demo agent.
 */
export class AgentDirectory {
  private cache: { mtimeMs: number; size: number; agents: AgentRecord[] } | undefined;

  constructor(
    readonly path: string,
    private readonly demo?: AgentRecord,
  ) {}

  /** The agents file's agents; the demo agent only while no agents file exists. */
  list(): AgentRecord[] {
    if (this.demo && !existsSync(this.path)) return [this.demo];
    return this.readCached();
  }

  find(username: string): AgentRecord | undefined {
    return this.list().find((agent) => agent.username === username);
  }

  private readCached(): AgentRecord[] {
    if (!existsSync(this.path)) return [];
    const stat = statSync(this.path);
    if (this.cache && this.cache.mtimeMs === stat.mtimeMs && this.cache.size === stat.size) return this.cache.agents;
    const agents = readAgentsFile(this.path);
    this.cache = { mtimeMs: stat.mtimeMs, size: stat.size, agents };
    return agents;
  }
}

/** The embedded default's demo agent: `demo` with a random one-time password, kept in memory only. */
export async function createDemoAgent(): Promise<{ record: AgentRecord; password: string }> {
  const password = randomBytes(12).toString('base64url');
  return { record: { username: 'demo', role: 'admin', passwordHash: await hashPassword(password) }, password };
}
