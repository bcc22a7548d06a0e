import type { ServerResponse } from 'node:http';
import { gzip } from 'node:zlib';

/** Pages: no inline script or style, no framing, no referrer leaking codes or state. */
const PAGE_SECURITY_HEADERS = {
  'Content-Security-Policy':
    "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; base-uri 'none'; frame-ancestors 'none'",
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
} as const;

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { ...jsonHeaders(Buffer.byteLength(payload)), ...headers });
  res.end(payload);
}

/**
 * As sendJson, gzip-compressed when the request accepts it, as Microsoft's APIs answer: pages of
 * alerts with evidence run to megabytes.
 */
export function sendJsonCompressed(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (!/\bgzip\b/i.test(String(res.req.headers['accept-encoding'] ?? ''))) return sendJson(res, status, body, headers);
  gzip(JSON.stringify(body), { level: 1 }, (error, compressed) => {
    if (error) return res.destroy(error);
    // Set, not passed to writeHead, so the request log can read it back.
    res.setHeader('Content-Encoding', 'gzip');
    res.writeHead(status, { ...jsonHeaders(compressed.length), Vary: 'Accept-Encoding', ...headers });
    res.end(compressed);
  });
}

function jsonHeaders(length: number): Record<string, string | number> {
  return {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': length,
    'Cache-Control': 'no-store, no-cache',
    Pragma: 'no-cache',
    'X-Content-Type-Options': 'nosniff',
  };
}

export function sendHtml(
  res: ServerResponse,
  status: number,
  html: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(html),
    ...PAGE_SECURITY_HEADERS,
    ...headers,
  });
  res.end(html);
}

export function sendRedirect(res: ServerResponse, location: string): void {
  res.writeHead(302, {
    Location: location,
    'Cache-Control': 'no-store',
    'Referrer-Policy': 'no-referrer',
    'Content-Length': 0,
  });
  res.end();
}

export function sendStatic(res: ServerResponse, contentType: string, body: string): void {
  res.writeHead(200, {
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'public, max-age=300',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(body);
}
