import { describe, expect, it } from 'vitest';
import type { PageItemKey } from '@/lib/defender/list-page';
import { SyncError } from '@/lib/defender/sync-error';
import { createUpdateTimePager, type PageRequest } from '@/lib/defender/update-time-pager';

/** A list served like the MDE alerts API: `lastUpdateTime ge since`, ascending by (time, id), $skip/$top. */
class FakeAlertList {
  items: { id: string; t: string }[] = [];
  private clock = 1_000;
  readonly requests: PageRequest[] = [];

  constructor(times: number[]) {
    times.forEach((time, index) => this.items.push({ id: `a${index}`, t: FakeAlertList.time(time) }));
    this.sort();
  }

  static time(n: number): string {
    return `2026-01-01T00:00:00.${String(n).padStart(7, '0')}Z`;
  }

  page(request: PageRequest): PageItemKey[] {
    this.requests.push(request);
    return this.items
      .filter((item) => item.t >= request.since)
      .slice(request.skip, request.skip + request.top)
      .map((item) => ({ id: item.id, lastUpdateTime: item.t }));
  }

  /** An alert changed now: its lastUpdateTime moves past every other. */
  change(id: string) {
    this.items.find((item) => item.id === id)!.t = FakeAlertList.time(this.clock++);
    this.sort();
  }

  add() {
    this.items.push({ id: `new${this.clock}`, t: FakeAlertList.time(this.clock++) });
  }

  private sort() {
    this.items.sort((a, b) => (a.t === b.t ? (a.id < b.id ? -1 : 1) : a.t < b.t ? -1 : 1));
  }
}

/** Pages the list to the end, calling `between` after each page; returns every (id, time) read as new. */
function readAll(list: FakeAlertList, pageSize: number, between: (page: number) => void = () => {}) {
  const pager = createUpdateTimePager({ since: FakeAlertList.time(0), pageSize });
  const read: string[] = [];
  for (let page = 0; !pager.done; page++) {
    const items = list.page(pager.next());
    const fresh = pager.accept(items);
    items.forEach((item, index) => fresh[index] && read.push(`${item.id}@${item.lastUpdateTime}`));
    if (!pager.done) between(page); // changes after the last page are the next run's
    if (page > 1000) throw new Error('no progress');
  }
  return read;
}

const current = (list: FakeAlertList) => list.items.map((item) => `${item.id}@${item.t}`);

describe('update-time pager (MDE alerts without a next link)', () => {
  it('reads a quiet list once, item by item, starting each page at the last time read', () => {
    const list = new FakeAlertList(Array.from({ length: 25 }, (_, i) => 10 + i));
    const read = readAll(list, 10);
    expect(read).toEqual(current(list));
    expect(list.requests.map((request) => [request.since, request.skip])).toEqual([
      [FakeAlertList.time(0), 0],
      [FakeAlertList.time(19), 0],
      [FakeAlertList.time(28), 0],
    ]);
  });

  it('misses nothing and reads every change when alerts change and arrive between pages', () => {
    const list = new FakeAlertList(Array.from({ length: 60 }, (_, i) => 10 + i));
    const read = readAll(list, 10, (page) => {
      // Alerts already read and alerts not read yet change; new ones arrive.
      list.change(`a${(page * 3) % 60}`);
      list.change(`a${(page * 7 + 30) % 60}`);
      if (page % 2 === 0) list.add();
    });
    // Every alert is read in its version at the end of the run (those changed after their read, before too).
    for (const item of current(list)) expect(read).toContain(item);
    // Each version of an alert is read once.
    expect(new Set(read).size).toBe(read.length);
  });

  it('moves past a page that all shares one lastUpdateTime (a bulk update) with $skip', () => {
    const list = new FakeAlertList([...Array<number>(25).fill(50), 60, 61]);
    const read = readAll(list, 10);
    expect(read).toEqual(current(list));
    expect(list.requests.map((request) => [request.since, request.skip])).toEqual([
      [FakeAlertList.time(0), 0],
      [FakeAlertList.time(50), 10],
      [FakeAlertList.time(50), 20],
    ]);
  });

  it('keeps the place of an item whose time cannot be read', () => {
    const pager = createUpdateTimePager({ since: FakeAlertList.time(0), pageSize: 3 });
    const fresh = pager.accept([
      { id: 'a', lastUpdateTime: FakeAlertList.time(5) },
      { id: null, lastUpdateTime: null },
      { id: 'c', lastUpdateTime: FakeAlertList.time(7) },
    ]);
    expect(fresh).toEqual([true, true, true]);
    expect(pager.next()).toEqual({ since: FakeAlertList.time(7), skip: 0, top: 3 });
    // Unreadable at the end of a page: it comes again after the last readable one, and is known.
    expect(
      pager.accept([
        { id: 'c', lastUpdateTime: FakeAlertList.time(7) },
        { id: 'd', lastUpdateTime: FakeAlertList.time(8) },
        { id: 'e', lastUpdateTime: null },
      ]),
    ).toEqual([false, true, true]);
    expect(
      pager.accept([
        { id: 'd', lastUpdateTime: FakeAlertList.time(8) },
        { id: 'e', lastUpdateTime: null },
      ]),
    ).toEqual([false, false]);
    expect(pager.done).toBe(true);
  });

  it('fails the run when the API answers out of lastUpdateTime order', () => {
    const pager = createUpdateTimePager({ since: FakeAlertList.time(0), pageSize: 3 });
    const accept = () =>
      pager.accept([
        { id: 'b', lastUpdateTime: FakeAlertList.time(9) },
        { id: 'a', lastUpdateTime: FakeAlertList.time(5) },
      ]);
    expect(accept).toThrow(SyncError);
    expect(accept).toThrow(/not in lastUpdateTime order/);
  });
});
