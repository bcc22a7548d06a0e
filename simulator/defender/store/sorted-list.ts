/**
 * An array kept sorted by a numeric key with a string tie-breaker, so range filters on time
 * (`lastUpdateTime ge …`) become two binary searches instead of a scan. Items are repositioned
 * when their key changes; with a thousand items per tenant a splice is cheaper than a tree.
 */
export class SortedList<T> {
  private readonly items: T[];

  constructor(
    items: T[],
    private readonly key: (item: T) => number,
    private readonly tieBreak: (item: T) => string | number,
  ) {
    this.items = items.slice().sort((a, b) => this.compare(a, b));
  }

  get length(): number {
    return this.items.length;
  }

  at(index: number): T {
    return this.items[index]!;
  }

  /** Index of the first item whose key is >= `value` (or > when `strict`). */
  lowerBound(value: number, strict = false): number {
    let lo = 0;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const k = this.key(this.items[mid]!);
      if (k < value || (strict && k === value)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  insert(item: T): void {
    let lo = 0;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.compare(this.items[mid]!, item) <= 0) lo = mid + 1;
      else hi = mid;
    }
    this.items.splice(lo, 0, item);
  }

  /** Removes `item` (by identity); call before changing its key. */
  remove(item: T): boolean {
    let index = this.lowerBound(this.key(item));
    for (; index < this.items.length && this.key(this.items[index]!) === this.key(item); index++) {
      if (this.items[index] === item) {
        this.items.splice(index, 1);
        return true;
      }
    }
    return false;
  }

  /** Changes an item's key through `mutate`, keeping the order. */
  reposition(item: T, mutate: () => void): void {
    const removed = this.remove(item);
    mutate();
    if (removed) this.insert(item);
  }

  private compare(a: T, b: T): number {
    const byKey = this.key(a) - this.key(b);
    if (byKey !== 0) return byKey;
    const ta = this.tieBreak(a);
    const tb = this.tieBreak(b);
    return ta < tb ? -1 : ta > tb ? 1 : 0;
  }
}
