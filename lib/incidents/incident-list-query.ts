import { z } from 'zod';
import { decodeKeysetCursor } from '@/lib/db/keyset-batches';
import { isGuid } from '@/lib/guid';
import { firstValue, type SearchParamValue } from '@/lib/http/search-params';

export const INCIDENT_PAGE_SIZE = 50;

/**
 * The filters' values, most severe first. XDR sends them in PascalCase, Graph in camelCase
 * (`high`, `inProgress`): a filter matches both spellings (see incidentFilterSql).
 */
export const INCIDENT_SEVERITIES = ['High', 'Medium', 'Low', 'Informational', 'UnSpecified'] as const;
export const INCIDENT_STATUSES = ['Active', 'InProgress', 'AwaitingAction', 'Resolved', 'Redirected'] as const;

/** The keyset cursor of the row to page from: `<epoch ms>.<id>` (newest change first). */
const cursor = z
  .string()
  .optional()
  .transform((value) => decodeKeysetCursor(value))
  .catch(null);

/** The incidents page's query string: an unexpected value resets that filter, never fails the page. */
const incidentListQuery = z.object({
  tenant: z
    .string()
    .optional()
    .transform((value) => (isGuid(value) ? value.toLowerCase() : undefined))
    .catch(undefined),
  severity: z.enum(INCIDENT_SEVERITIES).optional().catch(undefined),
  status: z.enum(INCIDENT_STATUSES).optional().catch(undefined),
  q: z
    .string()
    .trim()
    .max(200)
    .optional()
    .transform((value) => value || undefined)
    .catch(undefined),
  before: cursor,
  after: cursor,
});

export type IncidentListQuery = z.output<typeof incidentListQuery>;

export function parseIncidentListQuery(raw: Record<string, SearchParamValue>): IncidentListQuery {
  const query = incidentListQuery.parse({
    tenant: firstValue(raw.tenant),
    severity: firstValue(raw.severity),
    status: firstValue(raw.status),
    q: firstValue(raw.q),
    before: firstValue(raw.before),
    after: firstValue(raw.after),
  });
  return query.before ? { ...query, after: null } : query;
}

/** The filters as URL parameters (no cursor): what paging links, "Clear" and the export start from. */
export function incidentFilterParams(query: IncidentListQuery): URLSearchParams {
  const params = new URLSearchParams();
  if (query.tenant) params.set('tenant', query.tenant);
  if (query.severity) params.set('severity', query.severity);
  if (query.status) params.set('status', query.status);
  if (query.q) params.set('q', query.q);
  return params;
}

/** `InProgress` and `inProgress` alike: the value as XDR spells it, and as Graph does. */
export function spellings(value: string): string[] {
  return [value, value.charAt(0).toLowerCase() + value.slice(1)];
}

const STATUS_LABELS: Record<string, string> = {
  active: 'Active',
  inprogress: 'In progress',
  awaitingaction: 'Awaiting action',
  resolved: 'Resolved',
  redirected: 'Merged',
};

/** An incident's status in words, whichever source's spelling; an unknown one as it came. */
export function incidentStatusLabel(status: string): string {
  return STATUS_LABELS[status.toLowerCase()] ?? status;
}

/** `high` (Graph) reads as `High` (XDR), so one badge colour and one filter value fit both. */
export function incidentSeverityLabel(severity: string): string {
  return severity.charAt(0).toUpperCase() + severity.slice(1);
}
