import type { AlertRow } from './alert-row';
import type { DefenderApiClient } from './defender-api-client';
import type { IncidentRow } from './upsert-incidents';

/** What a feed's run needs to read its list for one tenant. */
export type FeedReaderContext = {
  client: DefenderApiClient;
  entraTenantId: string;
  /** The API base from configuration (`MicrosoftEndpoints`). */
  apiUrl: string;
  /** Read what changed since then (lastUpdateTime ≥ since). */
  since: Date;
  /** Items per request; each feed caps it at what its API takes. */
  pageSize?: number;
};

/** One page read: the rows to store and the items counted. */
export type FeedPage = {
  alerts: AlertRow[];
  incidents: IncidentRow[];
  /** Items new to this run (alerts and incidents alike), malformed ones included. */
  fetched: number;
  malformed: number;
  /** How far the feed may move its cursor once the page is stored (null: not yet). */
  cursor: Date | null;
};

/** Reads a feed's list page by page; `done` once the last page was read. */
export type FeedReader = {
  readonly done: boolean;
  readPage(): Promise<FeedPage>;
};
