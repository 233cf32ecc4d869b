import { createHash, randomBytes } from 'node:crypto';
import type { Store } from '../store/store.js';
import type { AgentRole } from './agents-file.js';

/**
 * Console sessions in the store (any process can check them): a random id in an HttpOnly,
 * SameSite=Strict cookie; the store keeps only its SHA-256, for 12 hours.
 */
export const SESSION_COOKIE = 'lockcare_console';
export const SESSION_TTL_MS = 12 * 3_600_000;

export interface AgentSession {
  username: string;
  role: AgentRole;
  createdAt: string;
}

const sessionKey = (id: string) => `agent-session:${createHash('sha256').update(id).digest('hex')}`;

export class SessionStore {
  constructor(private readonly store: Store, private readonly ttlMs = SESSION_TTL_MS) {}

  async create(session: AgentSession): Promise<string> {
    const id = randomBytes(32).toString('base64url');
    await this.store.set(sessionKey(id), JSON.stringify(session), this.ttlMs);
    return id;
  }

  async get(id: string | undefined): Promise<AgentSession | null> {
    if (!id || !/^[A-Za-z0-9_-]{20,100}$/.test(id)) return null;
    const raw = await this.store.get(sessionKey(id));
    return raw ? (JSON.parse(raw) as AgentSession) : null;
  }

  async destroy(id: string | undefined): Promise<void> {
    if (id) await this.store.delete(sessionKey(id));
  }
}

/** Cookie header value for a session (Secure when the console is served over https). */
export function sessionCookie(id: string, secure: boolean, maxAgeMs = SESSION_TTL_MS): string {
  return [`${SESSION_COOKIE}=${id}`, 'HttpOnly', 'SameSite=Strict', 'Path=/', `Max-Age=${Math.floor(maxAgeMs / 1000)}`, ...(secure ? ['Secure'] : [])].join('; ');
}

export function clearedSessionCookie(secure: boolean): string {
  return [`${SESSION_COOKIE}=`, 'HttpOnly', 'SameSite=Strict', 'Path=/', 'Max-Age=0', ...(secure ? ['Secure'] : [])].join('; ');
}

export function readSessionCookie(header: string | undefined): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE) return value.join('=');
  }
  return undefined;
}
