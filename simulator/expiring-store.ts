import type { Clock } from './clock';

/**
 * In-memory records kept until `retainUntil` (ms). Callers decide what "expired" means for their
 * record (an authorization code outlives its validity a little so a late redemption can be told
 * "expired" rather than "unknown").
 */
export class ExpiringStore<T> {
  private readonly entries = new Map<string, { value: T; retainUntil: number }>();

  constructor(private readonly clock: Clock) {}

  put(key: string, value: T, retainUntil: number): void {
    this.sweep();
    this.entries.set(key, { value, retainUntil });
  }

  get(key: string): T | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.retainUntil <= this.clock()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  private sweep(): void {
    const now = this.clock();
    for (const [key, entry] of this.entries) if (entry.retainUntil <= now) this.entries.delete(key);
  }
}
