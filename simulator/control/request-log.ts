import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../clock';

/** How the caller authenticated at the token endpoint (null: not a token request). */
export type CredentialType = 'secret-body' | 'secret-basic' | 'certificate' | 'none';

export type RequestLogEntry = {
  /** Increasing per simulator run; `?after=<id>` lists only later requests. */
  id: number;
  /** When it arrived, on the simulator's clock (ISO 8601). */
  time: string;
  method: string;
  path: string;
  /** Query parameters; values of anything that may be a secret are "[redacted]". */
  query: Record<string, string>;
  /** Form parameters a handler chose to record (token requests), redacted the same way. */
  form?: Record<string, string>;
  /** Tenant GUID: from the `/{tenant}/` path segment, or set by the handler (e.g. a token's `tid`). */
  tenantId: string | null;
  credential: CredentialType | null;
  /** HTTP status; null while unanswered (or never answered: an injected timeout). */
  status: number | null;
  durationMs: number | null;
  /** The answer's Content-Encoding (`gzip` when the client asked for it), null when plain. */
  contentEncoding: string | null;
};

export type RequestAnnotation = { tenantId?: string; credential?: CredentialType; form?: URLSearchParams };

const MAX_ENTRIES = 10_000;
const MAX_VALUE_LENGTH = 300;
export const REDACTED = '[redacted]';

/**
 * Parameter names whose values are shown. Everything else (secrets, assertions, codes, state,
 * nonces, PKCE values, tokens, login hints, unknown names) is redacted: an allowlist cannot leak a
 * parameter nobody thought of.
 */
const VISIBLE_PARAMETERS = new Set([
  'client_id',
  'scope',
  'resource',
  'redirect_uri',
  'response_type',
  'response_mode',
  'prompt',
  'grant_type',
  'client_assertion_type',
  'sso_reload',
  'admin_consent',
  'tenant',
  'error',
  'error_subcode',
  'api-version',
  'client-request-id',
  'code_challenge_method',
]);

function isVisible(name: string): boolean {
  const lower = name.toLowerCase();
  // OData options ($filter, $top, …) and MSAL's telemetry parameters carry no secrets.
  return (
    VISIBLE_PARAMETERS.has(lower) ||
    lower.startsWith('$') ||
    lower.startsWith('x-client-') ||
    lower === 'x-ms-lib-capability'
  );
}

export function redactParams(params: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of params) {
    const shown = isVisible(name)
      ? value.length > MAX_VALUE_LENGTH
        ? `${value.slice(0, MAX_VALUE_LENGTH)}…`
        : value
      : REDACTED;
    out[name] = name in out ? `${out[name]}, ${shown}` : shown;
  }
  return out;
}

const entriesByRequest = new WeakMap<IncomingMessage, RequestLogEntry>();

/**
 * Adds what only a handler knows to this request's log entry: the tenant when the path has none
 * (Defender routes: the token's `tid`), the credential type, the form parameters (redacted here).
 */
export function annotateRequest(req: IncomingMessage, annotation: RequestAnnotation): void {
  const entry = entriesByRequest.get(req);
  if (!entry) return;
  if (annotation.tenantId !== undefined) entry.tenantId = annotation.tenantId.toLowerCase();
  if (annotation.credential !== undefined) entry.credential = annotation.credential;
  if (annotation.form !== undefined) entry.form = redactParams(annotation.form);
}

/** Every request the simulator received (except the control API's own), newest last, bounded. */
export class RequestLog {
  private entries: RequestLogEntry[] = [];
  private nextId = 1;

  constructor(private readonly clock: Clock) {}

  /** Records the request as it arrives; status and duration are filled in once the response is sent. */
  begin(req: IncomingMessage, res: ServerResponse, url: URL): void {
    const started = performance.now();
    const entry: RequestLogEntry = {
      id: this.nextId++,
      time: new Date(this.clock()).toISOString(),
      method: req.method ?? '?',
      path: url.pathname.length > 500 ? `${url.pathname.slice(0, 500)}…` : url.pathname,
      query: redactParams(url.searchParams),
      tenantId: null,
      credential: null,
      status: null,
      durationMs: null,
      contentEncoding: null,
    };
    this.entries.push(entry);
    if (this.entries.length > MAX_ENTRIES) this.entries.splice(0, this.entries.length - MAX_ENTRIES);
    entriesByRequest.set(req, entry);
    // "finish" (response handed to the OS) comes before the client can read it, so a test that got
    // its response already sees the status here; a connection dropped unanswered keeps null.
    res.once('finish', () => {
      entry.status = res.statusCode;
      entry.durationMs = Math.round(performance.now() - started);
      const encoding = res.getHeader('content-encoding');
      entry.contentEncoding = typeof encoding === 'string' ? encoding : null;
    });
  }

  list(filter: { tenantId?: string; after?: number } = {}): RequestLogEntry[] {
    return this.entries.filter(
      (entry) =>
        (filter.tenantId === undefined || entry.tenantId === filter.tenantId) &&
        (filter.after === undefined || entry.id > filter.after),
    );
  }

  clear(): void {
    this.entries = [];
  }
}
