import { defenderTimeToDate, formatDefenderTime } from './defender-time';
import type { FeedPage, FeedReader, FeedReaderContext } from './feed-reader';
import { parseListPage } from './list-page';
import { xdrIncidentRows, xdrIncidentSchema } from './xdr-incident-schema';

/** The most `$top` the XDR incidents list takes (reference §E1). */
export const XDR_PAGE_SIZE = 100;

/** `GET {api}/api/incidents?$filter=lastUpdateTime ge {since}&$top&$skip` (no severity filter: §E1). */
export function incidentsPageUrl(apiUrl: string, request: { since: string; top: number; skip: number }): string {
  const query = [
    `$filter=${encodeURIComponent(`lastUpdateTime ge ${request.since}`)}`,
    `$top=${request.top}`,
    `$skip=${request.skip}`,
  ];
  return `${apiUrl}/api/incidents?${query.join('&')}`;
}

/**
 * Defender XDR incidents with their alerts. The list comes most recent first, so it is paged with
 * `$skip` over one filter: a change during the run moves an incident to the front, which shifts
 * the rest back (read twice, written once) and never past the reader. The changed incident itself
 * is newer than the cursor, which only moves when the last page is read: the next run gets it.
 */
export function createXdrIncidentsReader(context: FeedReaderContext): FeedReader {
  const top = Math.min(context.pageSize ?? XDR_PAGE_SIZE, XDR_PAGE_SIZE);
  const since = formatDefenderTime(context.since);
  let skip = 0;
  let newest: string | null = null;
  let done = false;
  return {
    get done() {
      return done;
    },
    async readPage() {
      const url = incidentsPageUrl(context.apiUrl, { since, top, skip });
      const page = parseListPage(await context.client.getJson({ entraTenantId: context.entraTenantId, url }), {
        what: 'incidents',
        schema: xdrIncidentSchema,
        idField: 'incidentId',
        timeField: 'lastUpdateTime',
      });
      const result: FeedPage = { alerts: [], incidents: [], fetched: 0, malformed: 0, cursor: null };
      for (const { key, item } of page.items) {
        if (key.lastUpdateTime !== null && (newest === null || key.lastUpdateTime > newest))
          newest = key.lastUpdateTime;
        result.fetched++;
        if (!item) {
          result.malformed++;
          continue;
        }
        const rows = xdrIncidentRows(item);
        result.incidents.push(rows.incident);
        result.alerts.push(...rows.alerts);
        result.fetched += item.alerts.length;
        result.malformed += rows.malformed;
      }
      skip += page.items.length;
      done = page.items.length < top;
      if (done && newest !== null) result.cursor = defenderTimeToDate(newest);
      return result;
    },
  };
}
