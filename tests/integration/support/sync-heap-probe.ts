/**
 * Child process for the memory test: syncs one tenant's Defender for Endpoint alerts as the worker
 * does, and measures the live heap (after a full garbage collection) before every upstream
 * request, that is after each page was stored and before the next is read. Prints
 * `{ result, baselineMb, peakMb, samples }` as its last line. Arguments: the tenant's Canopy id.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { getDb } from '@/lib/db/client';
import { syncTenantFeed } from '@/lib/defender/sync-tenant-feeds';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const liveMb = () => {
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
};

const [tenantId] = process.argv.slice(2);
// Modules loaded and the database client connected before the baseline.
await getDb().customerTenant.count();
const baselineMb = liveMb();
const samples: number[] = [];
const fetchUpstream = globalThis.fetch;
// Instrumentation only: every request still goes to the simulator unchanged.
globalThis.fetch = (input, init) => {
  samples.push(liveMb());
  return fetchUpstream(input, init);
};
const result = await syncTenantFeed(tenantId!, 'MDE_ALERTS');
samples.push(liveMb());
await getDb().$disconnect();
console.log(JSON.stringify({ result, baselineMb, peakMb: Math.max(...samples), samples: samples.length }));
