import type { FastifyRequest } from 'fastify';
import { LockCareError } from '../errors.js';
import { readSessionCookie, type AgentSession, type SessionStore } from '../handoff/agent-sessions.js';
import type { AgentDirectory } from '../handoff/agents-file.js';

declare module '../core/dialog.js' {
  interface FeatureServices {
    /** Console users (the handoff feature's directory), for routes of other features. */
    agents: AgentDirectory;
  }
}

/** The signed-in console user of a request (the same cookie session as the agent API), or 401. */
export async function authenticateAgent(request: FastifyRequest, sessions: SessionStore, directory: AgentDirectory): Promise<AgentSession> {
  const session = await sessions.get(readSessionCookie(request.headers.cookie));
  const agent = session ? directory.find(session.username) : undefined;
  if (!session || !agent) throw new LockCareError('E_UNAUTHORIZED', 'Sign in first');
  return { ...session, role: agent.role };
}

export function requireAdmin(session: AgentSession): void {
  if (session.role !== 'admin') throw new LockCareError('E_FORBIDDEN', 'Only admins can change this');
}
