import { defenderTimeToDate, formatDefenderTime } from './defender-time';
import type { FeedReader, FeedReaderContext } from './feed-reader';
import { mdeAlertRow, parseAlertPage } from './mde-alert-schema';
import { createUpdateTimePager, type PageRequest } from './update-time-pager';
import type { AlertRow } from './alert-row';

/** Alerts per request (MDE allows 10,000; with evidence a page of 1,000 is a few MB). */
export const MDE_PAGE_SIZE = 1_000;

/**
 * `GET {api}/api/alerts?$filter=lastUpdateTime ge {since}&$top&$skip&$expand=evidence`. No
 * `$orderby`: the API refuses it (reference §D2, simulator); its order is lastUpdateTime ascending,
 * which update-time-pager.ts relies on and checks.
 */
export function alertsPageUrl(apiUrl: string, request: PageRequest): string {
  const query = [
    `$filter=${encodeURIComponent(`lastUpdateTime ge ${request.since}`)}`,
    `$top=${request.top}`,
    `$skip=${request.skip}`,
    '$expand=evidence',
  ];
  return `${apiUrl}/api/alerts?${query.join('&')}`;
}

/** Defender for Endpoint alerts: no next link, so pages by lastUpdateTime (update-time-pager.ts). */
export function createMdeAlertsReader(context: FeedReaderContext): FeedReader {
  const pager = createUpdateTimePager({
    since: formatDefenderTime(context.since),
    pageSize: context.pageSize ?? MDE_PAGE_SIZE,
  });
  return {
    get done() {
      return pager.done;
    },
    async readPage() {
      const url = alertsPageUrl(context.apiUrl, pager.next());
      const items = parseAlertPage(await context.client.getJson({ entraTenantId: context.entraTenantId, url }));
      const fresh = pager.accept(items.map((item) => item.key));
      const alerts: AlertRow[] = [];
      let fetched = 0;
      let malformed = 0;
      let cursor: string | null = null;
      items.forEach((item, index) => {
        if (item.key.lastUpdateTime !== null && (cursor === null || item.key.lastUpdateTime > cursor))
          cursor = item.key.lastUpdateTime;
        if (!fresh[index]) return;
        fetched++;
        if (item.alert) alerts.push(mdeAlertRow(item.alert));
        else malformed++;
      });
      return { alerts, incidents: [], fetched, malformed, cursor: cursor === null ? null : defenderTimeToDate(cursor) };
    },
  };
}
