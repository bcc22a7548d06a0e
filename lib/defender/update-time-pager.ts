import type { PageItemKey } from './list-page';
import { SyncError } from './sync-error';

/** One list request: `$filter=lastUpdateTime ge {since}`, `$skip`, `$top`. */
export type PageRequest = { since: string; skip: number; top: number };

export type UpdateTimePager = {
  readonly done: boolean;
  next(): PageRequest;
  /** Takes the answer to `next()`; says which items are new to this run (re-read ones are not). */
  accept(items: readonly PageItemKey[]): boolean[];
};

/**
 * Pages a list that has no next link and is ordered by lastUpdateTime ascending (the Defender for
 * Endpoint alerts API), without missing or repeating an item while the list changes under it.
 *
 * `$skip` over one fixed filter is not safe: an alert changed during the run moves to the end,
 * every item after its old place moves up one, and the first item of the next page slips into
 * the page already read. So each request starts at the last lastUpdateTime read
 * (`lastUpdateTime ge T`, `$skip=0`): items changed meanwhile only ever move later, never
 * across T. The items read at exactly T come again and are recognised by id. Only when a whole
 * page shares one lastUpdateTime (a bulk update) does `$skip` move past them.
 *
 * Times are normalised Defender times (text order is time order, see defender-time.ts). An item
 * whose time cannot be read keeps its place. A page out of order means the API no longer sorts
 * this way: the run fails rather than miss alerts.
 */
export function createUpdateTimePager(options: {
  since: string;
  pageSize: number;
  /** The largest `$skip` the API takes (Graph: 500); past it the run fails rather than loop. */
  maxSkip?: number;
}): UpdateTimePager {
  const { pageSize, maxSkip = Infinity } = options;
  let since = options.since;
  let skip = 0;
  /** Ids already read whose lastUpdateTime is exactly `since` (or unreadable, after the first at `since`). */
  let readAtSince = new Set<string>();
  let done = false;

  return {
    get done() {
      return done;
    },
    next() {
      if (skip > maxSkip) {
        throw new SyncError('unexpected-answer', {
          detail: `more than ${maxSkip} items share one lastUpdateTime, past the largest $skip the API takes`,
        });
      }
      return { since, skip, top: pageSize };
    },
    accept(items) {
      let last = since;
      for (const { lastUpdateTime } of items) {
        if (lastUpdateTime === null) continue;
        if (lastUpdateTime < last) {
          throw new SyncError('unexpected-answer', {
            detail: `items are not in lastUpdateTime order (${lastUpdateTime} after ${last}); Canopy's paging relies on it`,
          });
        }
        last = lastUpdateTime;
      }
      // An item whose time cannot be read may come again too, when it sits after the last time read.
      const fresh = items.map(
        (item) =>
          !(
            item.id !== null &&
            (item.lastUpdateTime === since || item.lastUpdateTime === null) &&
            readAtSince.has(item.id)
          ),
      );
      if (items.length < pageSize) {
        done = true;
        return fresh;
      }
      if (last === since) {
        // The whole page is at `since`: only $skip gets past it.
        skip += items.length;
      } else {
        readAtSince = new Set();
        since = last;
        const firstAtLast = items.findIndex((item) => item.lastUpdateTime === last);
        // The next page starts with the items from `firstAtLast` on; skip them only if nothing else is left.
        skip = firstAtLast === 0 ? items.length : 0;
      }
      const atSince = items.findIndex((item) => item.lastUpdateTime === since);
      for (const item of atSince < 0 ? [] : items.slice(atSince))
        if (item.id !== null && (item.lastUpdateTime === since || item.lastUpdateTime === null))
          readAtSince.add(item.id);
      return fresh;
    },
  };
}
