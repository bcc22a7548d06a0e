import { z } from 'zod';
import { isGuid } from '@/lib/guid';
import { firstValue, type SearchParamValue } from '@/lib/http/search-params';

export const ALERT_PAGE_SIZE = 50;
/** The "N new alerts" banner counts up to this many, shown as "99+". */
export const NEW_ALERTS_LIMIT = 100;

/** The MDE severities, most severe first; an alert may carry another (stored as it came). */
export const ALERT_SEVERITIES = ['High', 'Medium', 'Low', 'Informational', 'UnSpecified'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];
/**
 * `alert.severity_rank` of each severity (alert-row.ts): the filter and the counts use the rank, so
 * "UnSpecified" also holds the values Canopy does not know, and every alert is in exactly one.
 */
export const SEVERITY_RANK: Record<AlertSeverity, number> = {
  High: 4,
  Medium: 3,
  Low: 2,
  Informational: 1,
  UnSpecified: 0,
};
export const ALERT_STATUSES = ['New', 'InProgress', 'Resolved'] as const;
export const ALERT_SOURCES = ['MDE', 'XDR', 'GRAPH'] as const;
/**
 * The categories Microsoft uses most (MITRE tactics and a few of its own); the docs do not close
 * the list, so the filter also takes any other single word (an unknown category kept as it came).
 */
export const ALERT_CATEGORIES = [
  'InitialAccess',
  'Execution',
  'Persistence',
  'PrivilegeEscalation',
  'DefenseEvasion',
  'CredentialAccess',
  'Discovery',
  'LateralMovement',
  'Collection',
  'CommandAndControl',
  'Exfiltration',
  'Impact',
  'Malware',
  'Ransomware',
  'SuspiciousActivity',
  'UnwantedSoftware',
] as const;
/** `Unclassified` stands for no classification yet (null, or MDE's `Unknown`). */
export const ALERT_CLASSIFICATIONS = [
  'Unclassified',
  'TruePositive',
  'InformationalExpectedActivity',
  'FalsePositive',
] as const;
export const ALERT_RANGES = ['24h', '7d', '30d', 'custom'] as const;
export type AlertRange = (typeof ALERT_RANGES)[number];
/** `updated` (newest change first) is the default and is left out of URLs. */
export const ALERT_SORTS = ['updated', 'created', 'severity'] as const;
export type AlertSort = (typeof ALERT_SORTS)[number];

/**
 * A place in the list: the sort key of the last (or first) row shown, and `id` to break ties.
 * `rank` is the severity rank, part of the key only when sorting by severity.
 */
export type AlertCursor = { sort: AlertSort; time: Date; rank: number; id: bigint };

const CURSOR_PREFIX: Record<AlertSort, string> = { updated: 'u', created: 'c', severity: 's' };

/**
 * `u.<epoch ms>.<id>`, `c.<epoch ms>.<id>` or `s.<rank>.<epoch ms>.<id>`: short, URL-safe, and the
 * whole sort key (ms precision, as stored), so a page resumes the keyset order exactly.
 */
export function encodeAlertCursor(cursor: AlertCursor): string {
  const rank = cursor.sort === 'severity' ? `${cursor.rank}.` : '';
  return `${CURSOR_PREFIX[cursor.sort]}.${rank}${cursor.time.getTime()}.${cursor.id}`;
}

/**
 * Null for anything that is not a cursor this page wrote for `sort` (a hand-edited or truncated
 * URL, or a cursor of another sort order, which would resume at the wrong place).
 */
export function decodeAlertCursor(value: string | undefined, sort: AlertSort): AlertCursor | null {
  const match = value ? /^([ucs])\.(?:([0-4])\.)?(\d{1,15})\.(\d{1,18})$/.exec(value) : null;
  if (!match || match[1] !== CURSOR_PREFIX[sort]) return null;
  if ((sort === 'severity') !== (match[2] !== undefined)) return null;
  const time = new Date(Number(match[3]));
  if (Number.isNaN(time.getTime())) return null;
  return { sort, time, rank: Number(match[2] ?? 0), id: BigInt(match[4]!) };
}

const optional = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);
/** A real calendar day (`2026-02-30` is not one: Date would roll it into March). */
function isCalendarDay(value: string): boolean {
  const time = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().startsWith(value);
}
const day = optional(
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .refine(isCalendarDay),
);

/** The alerts page's query string: an unexpected value resets that filter, never fails the page. */
const alertListQuery = z.object({
  tenant: optional(
    z
      .string()
      .refine(isGuid)
      .transform((value) => value.toLowerCase()),
  ),
  severity: optional(z.enum(ALERT_SEVERITIES)),
  status: optional(z.enum(ALERT_STATUSES)),
  source: optional(z.enum(ALERT_SOURCES)),
  category: optional(z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,63}$/)),
  classification: optional(z.enum(ALERT_CLASSIFICATIONS)),
  range: optional(z.enum(ALERT_RANGES)),
  /** The custom range's first and last day (UTC, inclusive). */
  from: day,
  to: day,
  q: optional(
    z
      .string()
      .trim()
      .max(200)
      .transform((value) => value || undefined),
  ),
  sort: z.enum(ALERT_SORTS).catch('updated'),
  /** Show the page of alerts after this cursor in the sort order. */
  before: z.string().optional(),
  /** Show the page of alerts before this cursor (ignored when `before` is given). */
  after: z.string().optional(),
});

type RawQuery = z.output<typeof alertListQuery>;
export type AlertListQuery = Omit<RawQuery, 'before' | 'after'> & {
  before: AlertCursor | null;
  after: AlertCursor | null;
};

const KEYS = Object.keys(alertListQuery.shape) as (keyof RawQuery)[];

export function parseAlertListQuery(raw: Record<string, SearchParamValue>): AlertListQuery {
  const parsed = alertListQuery.parse(Object.fromEntries(KEYS.map((key) => [key, firstValue(raw[key])])));
  const { before: rawBefore, after: rawAfter, ...filters } = parsed;
  // Days without a range are a custom range (the form works without script); a custom range needs
  // a day, in order; the days mean nothing under a preset.
  const chosen = filters.range ?? (filters.from || filters.to ? 'custom' : undefined);
  const custom = chosen === 'custom';
  let { from, to } = custom ? filters : { from: undefined, to: undefined };
  if (from && to && from > to) from = to = undefined;
  const range = custom && !from && !to ? undefined : chosen;
  const before = decodeAlertCursor(rawBefore, filters.sort);
  const after = before ? null : decodeAlertCursor(rawAfter, filters.sort);
  return { ...filters, range, from, to, before, after };
}

/** The filters and sort as URL parameters (no cursor): what paging links and the views start from. */
export function alertFilterParams(query: AlertListQuery): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of KEYS) {
    const value = query[key]; // the cursors are objects here, so they are left out
    if (typeof value !== 'string') continue;
    if (key === 'sort' && value === 'updated') continue;
    params.set(key, value);
  }
  return params;
}

/** Whether a filter narrows the list (the sort alone does not). */
export function isAlertListFiltered(query: AlertListQuery): boolean {
  const params = alertFilterParams(query);
  params.delete('sort');
  return params.size > 0;
}

const DAY_MS = 86_400_000;

/** Midnight UTC of `date`'s day, plus `days`. */
export function utcDay(date: Date, days = 0): Date {
  return new Date(Math.floor(date.getTime() / DAY_MS) * DAY_MS + days * DAY_MS);
}

/**
 * The creation-time window `[from, to)` the range selects, or null for all time. The list filters
 * on when an alert was raised (not last changed), so a window's alerts stay put while analysts
 * work them. "7 d" and "30 d" are whole UTC days, today included, so their counts come from the
 * daily rollup exactly; "24 h" is the last 24 hours to the millisecond (and counted from the rows).
 */
export function alertCreatedWindow(
  query: Pick<AlertListQuery, 'range' | 'from' | 'to'>,
  now: Date,
): { from: Date | null; to: Date | null } | null {
  switch (query.range) {
    case '24h':
      return { from: new Date(now.getTime() - DAY_MS), to: null };
    case '7d':
      return { from: utcDay(now, -6), to: null };
    case '30d':
      return { from: utcDay(now, -29), to: null };
    case 'custom':
      return {
        from: query.from ? new Date(`${query.from}T00:00:00Z`) : null,
        to: query.to ? utcDay(new Date(`${query.to}T00:00:00Z`), 1) : null,
      };
    default:
      return null;
  }
}
