import type { IncomingMessage } from 'node:http';
import type { z } from 'zod';
import { readBody } from '../http/read-body';
import { sendJson } from '../http/respond';
import type { Router } from '../router';
import type { SimulatorServices } from '../services';

/** Every control route lives under this literal prefix, registered before Entra's `/:tenant` routes. */
export const CONTROL_PREFIX = '/_control';

export type ControlRequest = {
  services: SimulatorServices;
  params: Record<string, string>;
  query: URLSearchParams;
  /** Parsed JSON body; undefined when the request had none. */
  body: unknown;
  req: IncomingMessage;
};

export type ControlReply = { status: number; body: unknown; headers?: Record<string, string> };

export type ControlHandler = (request: ControlRequest) => Promise<ControlReply> | ControlReply;

/** `ok(body)` = 200; `ok(body, 201)` for a creation. */
export function ok(body: unknown, status = 200): ControlReply {
  return { status, body };
}

/** A refusal with a JSON body `{ error, message, details? }`. */
export class ControlError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ControlError';
  }
}

export function notFound(what: string): ControlError {
  return new ControlError(404, 'not_found', `${what} not found`);
}

/** Validates a body (or query) with zod; problems come back as `details: ["path: message", …]`. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const details = result.error.issues.map(
    (issue) => `${issue.path.map(String).join('.') || '(body)'}: ${issue.message}`,
  );
  throw new ControlError(400, 'invalid_request', 'The request body is not valid.', details);
}

export type ControlRoutes = {
  get(path: string, handler: ControlHandler): ControlRoutes;
  put(path: string, handler: ControlHandler): ControlRoutes;
  patch(path: string, handler: ControlHandler): ControlRoutes;
  post(path: string, handler: ControlHandler): ControlRoutes;
  delete(path: string, handler: ControlHandler): ControlRoutes;
};

/**
 * One area's control endpoints and hooks. An area (identity, Defender, …) exports one of these
 * and is listed once in `control/routes.ts`.
 */
export type ControlModule = {
  /** Key of this module's part in `GET /_control/state`. */
  name: string;
  /** Registers routes relative to `/_control`, e.g. `routes.get("/tenants", …)`. */
  register(routes: ControlRoutes): void;
  /** What `GET /_control/state` shows for this module. */
  snapshot?(services: SimulatorServices): unknown;
  /** `POST /_control/reset`: back to the state at start (world as loaded, no faults). */
  reset?(services: SimulatorServices): void;
};

async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const text = await readBody(req);
  if (text.trim() === '') return undefined;
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json')
    throw new ControlError(415, 'unsupported_media_type', 'Send the body as application/json.');
  try {
    return JSON.parse(text);
  } catch {
    throw new ControlError(400, 'invalid_json', 'The body is not valid JSON.');
  }
}

/** Adapts control handlers (JSON in, JSON out, typed errors) onto the simulator router. */
export function controlRoutesOn(router: Router): ControlRoutes {
  const add = (method: string) => (path: string, handler: ControlHandler) => {
    router.add([method], `${CONTROL_PREFIX}${path}`, async (ctx) => {
      try {
        const body = method === 'GET' ? undefined : await readJsonBody(ctx.req);
        const reply = await handler({
          services: ctx.services,
          params: ctx.params,
          query: ctx.url.searchParams,
          body,
          req: ctx.req,
        });
        sendJson(ctx.res, reply.status, reply.body, reply.headers);
      } catch (error) {
        if (!(error instanceof ControlError)) throw error;
        sendJson(ctx.res, error.status, {
          error: error.code,
          message: error.message,
          ...(error.details !== undefined ? { details: error.details } : {}),
        });
      }
    });
    return routes;
  };
  const routes: ControlRoutes = {
    get: add('GET'),
    put: add('PUT'),
    patch: add('PATCH'),
    post: add('POST'),
    delete: add('DELETE'),
  };
  return routes;
}
