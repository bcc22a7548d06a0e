import { z } from 'zod';
import { normalizeDefenderTime } from './defender-time';
import { SyncError } from './sync-error';

/** What paging needs of an item, read leniently: a malformed item still has a place in the order. */
export type PageItemKey = { id: string | null; lastUpdateTime: string | null };

/** An item validated, with the value as it came (`raw`, for payloads that keep the wire values). */
export type ParsedItem<T> = { key: PageItemKey; raw: unknown } & (
  { item: T; problem: null } | { item: null; problem: string }
);

export type ListPage<T> = { items: ParsedItem<T>[]; nextLink: string | null };

const pageSchema = z.object({ value: z.array(z.unknown()), '@odata.nextLink': z.string().min(1).nullish() });

/**
 * Validates one OData list answer (`{"@odata.context": …, "value": [...], "@odata.nextLink"?}`).
 * Each item is checked on its own: a malformed one comes back with its problem, to be skipped and
 * counted. An answer without a `value` list is not a page at all: a SyncError that fails the run.
 */
export function parseListPage<T>(
  body: unknown,
  options: { what: string; schema: z.ZodType<T>; idField: string; timeField: string },
): ListPage<T> {
  const page = pageSchema.safeParse(body);
  if (!page.success) {
    throw new SyncError('unexpected-answer', {
      detail: `the ${options.what} list answer has no "value" array of items`,
    });
  }
  return {
    nextLink: page.data['@odata.nextLink'] ?? null,
    items: page.data.value.map((raw) => parseItem(raw, options)),
  };
}

/** One item validated on its own (also used for the alerts inside an XDR incident). */
export function parseItem<T>(
  raw: unknown,
  options: { schema: z.ZodType<T>; idField: string; timeField: string },
): ParsedItem<T> {
  const key = itemKey(raw, options.idField, options.timeField);
  const parsed = options.schema.safeParse(raw);
  if (parsed.success) return { key, raw, item: parsed.data, problem: null };
  return { key, raw, item: null, problem: describeIssues(parsed.error) };
}

function itemKey(raw: unknown, idField: string, timeField: string): PageItemKey {
  const item = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const id = item[idField];
  const time = item[timeField];
  return {
    id: (typeof id === 'string' && id) || typeof id === 'number' ? String(id) : null,
    lastUpdateTime: typeof time === 'string' ? normalizeDefenderTime(time) : null,
  };
}

/** Field paths and messages only: never the values, which come from the customer's tenant. */
function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(item)'}: ${issue.message}`)
    .join('; ');
}

/**
 * Fields shared by the Defender and Graph schemas. Enumerations are plain strings: Microsoft adds
 * members, and an unknown one is kept as it came. Absent optional fields read as null.
 */
export const time = z.string().transform((value, ctx) => {
  const normalized = normalizeDefenderTime(value);
  if (normalized === null) {
    ctx.addIssue({ code: 'custom', message: 'not a DateTimeOffset' });
    return z.NEVER;
  }
  return normalized;
});
export const optionalTime = time.nullish().transform((value) => value ?? null);
export const text = z
  .string()
  .nullish()
  .transform((value) => value ?? null);
/** Defender sends ids as JSON numbers (longs); Canopy keeps them as text. */
export const numericId = z
  .union([z.number().int().nonnegative(), z.string().regex(/^\d+$/)])
  .nullish()
  .transform((value) => (value === null || value === undefined ? null : String(value)));
export const stringList = z
  .array(z.string())
  .nullish()
  .transform((value) => value ?? []);
