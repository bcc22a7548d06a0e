import type { z } from 'zod';
import { defenderTimeToDate, formatDefenderTime } from './defender-time';
import type { FeedPage, FeedReader, FeedReaderContext } from './feed-reader';
import { graphAlertRow, graphAlertSchema, graphIncidentRow, graphIncidentSchema } from './graph-security-schema';
import { parseListPage } from './list-page';
import { SyncError } from './sync-error';
import { createUpdateTimePager, type PageRequest } from './update-time-pager';

/** Graph's security list limits (reference §E6): `$top` at most 1,000, `$skip` at most 500. */
export const GRAPH_PAGE_SIZE = 1_000;
export const GRAPH_MAX_SKIP = 500;

/**
 * Sent on every Graph call: evolvable enum members (a Sentinel alert's `microsoftSentinel`, an
 * incident `awaitingAction`) come as they are instead of `unknownFutureValue` (§E5).
 */
export const GRAPH_HEADERS = { prefer: 'include-unknown-enum-members' };

type GraphList = 'alerts_v2' | 'incidents';

/** `{graph}/v1.0/security/{list}?$filter=lastUpdateDateTime ge {since}&$orderby=lastUpdateDateTime asc&$top&$skip`. */
export function graphPageUrl(apiUrl: string, list: GraphList, request: PageRequest): string {
  const query = [
    `$filter=${encodeURIComponent(`lastUpdateDateTime ge ${request.since}`)}`,
    `$orderby=${encodeURIComponent('lastUpdateDateTime asc')}`,
    `$top=${request.top}`,
    `$skip=${request.skip}`,
  ];
  return `${apiUrl}/v1.0/security/${list}?${query.join('&')}`;
}

/**
 * A Graph security list, oldest change first. `@odata.nextLink` is followed while Graph gives one
 * (only to the configured Graph host: the token goes with it); without one, a full page goes on
 * from the last lastUpdateDateTime read (update-time-pager.ts), as integrators had to when
 * alerts_v2 gave no next link (§E6). The cursor moves with each stored page: an item changed while
 * the run reads moves later in the order, so an item a next link skips because of it has a time
 * at or after the cursor and the next run reads it.
 */
function createGraphReader<T>(
  context: FeedReaderContext,
  list: GraphList,
  schema: z.ZodType<T>,
  toRows: (item: T, raw: unknown, page: FeedPage) => void,
): FeedReader {
  const pageSize = Math.min(context.pageSize ?? GRAPH_PAGE_SIZE, GRAPH_PAGE_SIZE);
  const pager = createUpdateTimePager({
    since: formatDefenderTime(context.since),
    // With $skip capped at 500, a page of up to 500 lets the pager get past a full page sharing one time.
    pageSize: Math.min(pageSize, GRAPH_MAX_SKIP),
    maxSkip: GRAPH_MAX_SKIP,
  });
  const graphOrigin = new URL(context.apiUrl).origin;
  let nextLink: string | null = null;
  let done = false;
  return {
    get done() {
      return done;
    },
    async readPage() {
      const url = nextLink ?? graphPageUrl(context.apiUrl, list, pager.next());
      const body = await context.client.getJson({ entraTenantId: context.entraTenantId, url });
      const answer = parseListPage(body, { what: list, schema, idField: 'id', timeField: 'lastUpdateDateTime' });
      if (answer.nextLink !== null && !sameOrigin(answer.nextLink, graphOrigin)) {
        throw new SyncError('unexpected-answer', { detail: `the ${list} next link leads away from the Graph host` });
      }
      const fresh = pager.accept(answer.items.map((item) => item.key));
      const page: FeedPage = { alerts: [], incidents: [], fetched: 0, malformed: 0, cursor: null };
      let newest: string | null = null;
      answer.items.forEach(({ key, item, raw }, index) => {
        if (key.lastUpdateTime !== null && (newest === null || key.lastUpdateTime > newest))
          newest = key.lastUpdateTime;
        if (!fresh[index]) return;
        page.fetched++;
        if (item) toRows(item, raw, page);
        else page.malformed++;
      });
      nextLink = answer.nextLink;
      done = nextLink === null && pager.done;
      if (newest !== null) page.cursor = defenderTimeToDate(newest);
      return page;
    },
  };
}

function sameOrigin(link: string, origin: string): boolean {
  try {
    return new URL(link).origin === origin;
  } catch {
    return false;
  }
}

export function createGraphAlertsReader(context: FeedReaderContext): FeedReader {
  return createGraphReader(context, 'alerts_v2', graphAlertSchema, (item, raw, page) =>
    page.alerts.push(graphAlertRow(item, raw)),
  );
}

export function createGraphIncidentsReader(context: FeedReaderContext): FeedReader {
  return createGraphReader(context, 'incidents', graphIncidentSchema, (item, raw, page) =>
    page.incidents.push(graphIncidentRow(item, raw)),
  );
}
