import type { IncomingMessage } from 'node:http';
import { readBody } from '../../http/read-body';

export type JsonBody = { ok: true; value: unknown } | { ok: false; message: string };

/** A write's JSON body; an empty body reads as `{}` (nothing to change). */
export async function readJsonBody(req: IncomingMessage): Promise<JsonBody> {
  const text = await readBody(req);
  if (text.trim() === '') return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, message: 'Request body is incorrect: it is not valid JSON.' };
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
