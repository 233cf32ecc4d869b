import type { Request as AgentsRequest, WebResponse } from '@microsoft/agents-hosting';
import type { FastifyRequest } from 'fastify';

/**
 * The Agents SDK is written against Express-style `req`/`res`. LockCare runs on Fastify, so this
 * thin bridge hands the SDK a request view and a response that only records what the SDK wants
 * to answer; the Fastify route then sends it. Nothing is written to the socket by the SDK.
 */
export class RecordedResponse implements WebResponse {
  statusCode = 200;
  body: unknown;
  readonly headers: Record<string, string> = {};
  headersSent = false;
  writableEnded = false;

  status(code: number): this {
    this.statusCode = code;
    return this;
  }

  setHeader(name: string, value: string): this {
    this.headers[name.toLowerCase()] = value;
    return this;
  }

  send(body?: unknown): this {
    this.body = body;
    return this;
  }

  end(): this {
    this.writableEnded = true;
    return this;
  }
}

/** The SDK's view of a Fastify request: JSON body, headers, method (the SDK sets `user` after JWT validation). */
export function toAgentsRequest(request: FastifyRequest): AgentsRequest {
  return {
    body: request.body as Record<string, unknown>,
    headers: request.headers as Record<string, string | string[] | undefined>,
    method: request.method,
  };
}

/** Run the SDK's `authorizeRequest(req, res, next)`: true when it called `next()` (token valid, or anonymous mode). */
export async function runAuthorization(
  authorize: (req: AgentsRequest, res: WebResponse, next: (error?: unknown) => void) => Promise<void>,
  req: AgentsRequest,
  res: RecordedResponse,
): Promise<boolean> {
  let passed = false;
  let failure: unknown;
  await authorize(req, res, (error?: unknown) => {
    if (error) failure = error;
    else passed = true;
  });
  return passed && failure === undefined;
}
