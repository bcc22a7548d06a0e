import type { SortedList } from '../store/sorted-list';
import type { CompiledFilter } from './compile-filter';

export type Page<T> = {
  items: T[];
  /** Matches in total (only when `countAll`). */ total: number | undefined;
  more: boolean;
};

export type PageRequest<T> = {
  descending: boolean;
  skip: number;
  top: number;
  /** Count every match (`$count=true`), not just enough to fill the page. */
  countAll: boolean;
  /** Applied before the filter, e.g. "endpoint alerts only" for the MDE list. */
  scope?: (record: T) => boolean;
  /** Sort matches by something other than the index order (then every match is visited). */
  sort?: (a: T, b: T) => number;
};

/**
 * Runs a filter over a time-ordered index: binary-searches the window the filter's time bounds
 * allow, then tests only records inside it, stopping once the page is full (unless counting).
 */
export function runQuery<T>(index: SortedList<T>, filter: CompiledFilter<T>, request: PageRequest<T>): Page<T> {
  const { min, max } = filter.range;
  const lo = min ? index.lowerBound(min.value, min.strict) : 0;
  const hi = max ? index.lowerBound(max.value, !max.strict) : index.length;
  const matches = (record: T) => (request.scope === undefined || request.scope(record)) && filter.test(record);

  if (request.sort) {
    const all: T[] = [];
    for (let i = lo; i < hi; i++) if (matches(index.at(i))) all.push(index.at(i));
    all.sort(request.sort);
    return {
      items: all.slice(request.skip, request.skip + request.top),
      total: all.length,
      more: all.length > request.skip + request.top,
    };
  }

  const items: T[] = [];
  let seen = 0;
  let more = false;
  const visit = (record: T): boolean => {
    if (!matches(record)) return true;
    seen++;
    if (seen <= request.skip) return true;
    if (items.length < request.top) {
      items.push(record);
      return true;
    }
    more = true;
    return request.countAll;
  };
  if (request.descending) {
    for (let i = hi - 1; i >= lo; i--) if (!visit(index.at(i))) break;
  } else {
    for (let i = lo; i < hi; i++) if (!visit(index.at(i))) break;
  }
  return { items, total: request.countAll ? seen : undefined, more };
}
