import 'server-only';
import { getConfig } from '@/lib/config';

/** Runs tasks with at most `limit` of them at once; the others wait their turn, first come first served. */
export type RequestSlots = {
  run<T>(task: () => Promise<T>): Promise<T>;
};

export function createRequestSlots(limit: number): RequestSlots {
  let running = 0;
  const waiting: (() => void)[] = [];
  return {
    async run(task) {
      if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
      else running++;
      try {
        return await task();
      } finally {
        // The slot passes straight to the next waiter, so a newcomer never overtakes it.
        const next = waiting.shift();
        if (next) next();
        else running--;
      }
    },
  };
}

let processSlots: RequestSlots | undefined;

/**
 * The worker process's upstream requests in flight, all tenants and feeds together
 * (`CANOPY_SYNC_MAX_IN_FLIGHT`): about 32 hide 100 ms of network latency, and more only add
 * sockets, memory for answers being read, and load on Microsoft. Each tenant's own budget
 * (call-budget.ts) still applies on top.
 */
export function getRequestSlots(): RequestSlots {
  processSlots ??= createRequestSlots(getConfig().sync.maxInFlight);
  return processSlots;
}
