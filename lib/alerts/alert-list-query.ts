import { z } from 'zod';
import { isGuid } from '@/lib/guid';
import { firstValue, type SearchParamValue } from '@/lib/http/search-params';

export const ALERT_PAGE_SIZE = 50;
/** The "N new alerts" banner counts up to this many, shown as "99+". */
export const NEW_ALERTS_LIMIT = 100;

/** The MDE severities, most severe first; an alert may carry another (stored as it came). */
export const ALERT_SEVERITIES = ['High', 'Medium', 'Low', 'Informational', 'UnSpecified'] as const;
export const ALERT_STATUSES = ['New', 'InProgress', 'Resolved'] as const;

/** A place in the list: the last (or first) row shown, newest `lastUpdateTime` first, then `id`. */
export type AlertCursor = { lastUpdateTime: Date; id: bigint };

/** `<epoch ms>.<id>`: short, URL-safe, and enough to resume the keyset order exactly (ms precision, as stored). */
export function encodeAlertCursor(cursor: AlertCursor): string {
  return `${cursor.lastUpdateTime.getTime()}.${cursor.id}`;
}

/** Null for anything that is not a cursor this page wrote (a hand-edited or truncated URL). */
export function decodeAlertCursor(value: string | undefined): AlertCursor | null {
  const match = value ? /^(\d{1,15})\.(\d{1,18})$/.exec(value) : null;
  if (!match) return null;
  const lastUpdateTime = new Date(Number(match[1]));
  if (Number.isNaN(lastUpdateTime.getTime())) return null;
  return { lastUpdateTime, id: BigInt(match[2]!) };
}

const cursor = z
  .string()
  .optional()
  .transform((value) => decodeAlertCursor(value))
  .catch(null);

/** The alerts page's query string: an unexpected value resets that filter, never fails the page. */
export const alertListQuery = z.object({
  tenant: z
    .string()
    .optional()
    .transform((value) => (isGuid(value) ? value.toLowerCase() : undefined))
    .catch(undefined),
  severity: z.enum(ALERT_SEVERITIES).optional().catch(undefined),
  status: z.enum(ALERT_STATUSES).optional().catch(undefined),
  q: z
    .string()
    .trim()
    .max(200)
    .optional()
    .transform((value) => value || undefined)
    .catch(undefined),
  /** Show the page of alerts older than this cursor. */
  before: cursor,
  /** Show the page of alerts newer than this cursor (ignored when `before` is given). */
  after: cursor,
});

export type AlertListQuery = z.output<typeof alertListQuery>;

export function parseAlertListQuery(raw: Record<string, SearchParamValue>): AlertListQuery {
  const query = alertListQuery.parse({
    tenant: firstValue(raw.tenant),
    severity: firstValue(raw.severity),
    status: firstValue(raw.status),
    q: firstValue(raw.q),
    before: firstValue(raw.before),
    after: firstValue(raw.after),
  });
  return query.before ? { ...query, after: null } : query;
}

/** The filters as URL parameters (no cursor): what paging links and "Clear" start from. */
export function alertFilterParams(query: AlertListQuery): URLSearchParams {
  const params = new URLSearchParams();
  if (query.tenant) params.set('tenant', query.tenant);
  if (query.severity) params.set('severity', query.severity);
  if (query.status) params.set('status', query.status);
  if (query.q) params.set('q', query.q);
  return params;
}
