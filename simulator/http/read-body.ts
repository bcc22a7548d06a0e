import type { IncomingMessage } from 'node:http';

const MAX_BODY_BYTES = 64 * 1024;

export class BodyTooLargeError extends Error {}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLargeError(`request body over ${MAX_BODY_BYTES} bytes`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Parameters of an `application/x-www-form-urlencoded` POST (the OAuth wire format). Other content
 * types yield no parameters, which then fail as "missing parameter", as Entra does.
 */
export async function readFormParams(req: IncomingMessage): Promise<URLSearchParams> {
  const body = await readBody(req);
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  return type === 'application/x-www-form-urlencoded' ? new URLSearchParams(body) : new URLSearchParams();
}

/** GET reads the query string; POST reads the form body (authorize and logout accept both). */
export async function readRequestParams(req: IncomingMessage, url: URL): Promise<URLSearchParams> {
  return req.method === 'POST' ? readFormParams(req) : url.searchParams;
}
