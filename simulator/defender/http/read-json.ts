import type { IncomingMessage } from 'node:http';
import { readBody } from '../../http/read-body';

export type JsonBody = { ok: true; value: unknown } | { ok: false; message: string };

/** `application/json` (any parameters), `text/json` or a `+json` type: what ASP.NET's JSON input reads. */
function isJsonContentType(header: string | undefined): boolean {
  const type = (header ?? '').split(';')[0]!.trim().toLowerCase();
  return type === 'application/json' || type === 'text/json' || /^application\/[a-z0-9.+-]+\+json$/.test(type);
}

/**
 * A write's JSON body; an empty body reads as `{}` (nothing to change). A body sent without a JSON
 * `Content-Type` is refused, as the real services do (§D4: `Content-Type: application/json`).
 */
export async function readJsonBody(req: IncomingMessage): Promise<JsonBody> {
  const text = await readBody(req);
  if (text.trim() === '') return { ok: true, value: {} };
  if (!isJsonContentType(req.headers['content-type'])) {
    return {
      ok: false,
      message: `Request body is incorrect: the Content-Type '${req.headers['content-type'] ?? ''}' is not supported; send application/json.`,
    };
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, message: 'Request body is incorrect: it is not valid JSON.' };
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
