import type { RequestContext } from '../../router';

const MAX_CLIENT_SKIP = 500;

/** `$skiptoken` value for offsets past the `$skip` limit: opaque to clients, an offset to us. */
function encodeSkipToken(skip: number): string {
  return Buffer.from(`skip:${skip}`).toString('base64url');
}

/**
 * The request's query with a `$skiptoken` (from one of our next links) turned back into `$skip`,
 * and whether that offset came from a token (tokens may go past the client `$skip` limit).
 * Undefined when the token is not one of ours.
 */
export function resolveSkipToken(params: URLSearchParams): { params: URLSearchParams; fromToken: boolean } | undefined {
  const token = params.get('$skiptoken');
  if (token === null) return { params, fromToken: false };
  const match = /^skip:(\d{1,9})$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  if (!match || params.has('$skip')) return undefined;
  const copy = new URLSearchParams(params);
  copy.delete('$skiptoken');
  copy.set('$skip', match[1]!);
  return { params: copy, fromToken: true };
}

/**
 * Absolute `@odata.nextLink` on the simulator's origin: the same query with the next offset, as
 * `$skip` while a client could have sent it, as `$skiptoken` beyond the 500 limit.
 */
export function nextLink(ctx: RequestContext, params: URLSearchParams, nextSkip: number): string {
  const parts: string[] = [];
  for (const [name, value] of params) {
    if (name === '$skip' || name === '$skiptoken') continue;
    parts.push(`${encodeURIComponent(name).replace(/^%24/, '$')}=${encodeURIComponent(value)}`);
  }
  parts.push(nextSkip <= MAX_CLIENT_SKIP ? `$skip=${nextSkip}` : `$skiptoken=${encodeSkipToken(nextSkip)}`);
  return `${ctx.origin}${ctx.url.pathname}?${parts.join('&')}`;
}

/** `Prefer: include-unknown-enum-members` (possibly among other preferences). */
export function wantsEvolvableMembers(ctx: RequestContext): boolean {
  const header = ctx.req.headers.prefer;
  const values = Array.isArray(header) ? header : header ? [header] : [];
  return values.some((value) =>
    value.split(',').some((preference) => preference.trim().toLowerCase() === 'include-unknown-enum-members'),
  );
}
