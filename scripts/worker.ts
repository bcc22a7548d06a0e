/**
 * `npm run worker`: Canopy's background worker (pg-boss jobs on Canopy's PostgreSQL). `npm run
 * demo` and `npm start` start one; run more, on any machine that reaches the database, to scale
 * out. Runs Canopy's lib code in plain Node with the `react-server` condition, under which
 * `import 'server-only'` is the empty module it is inside Next's server.
 *
 * Prints "Canopy worker ready" once it takes jobs; SIGINT/SIGTERM let the running job finish.
 */
import { getConfig } from '@/lib/config';
import { runWorker } from '@/lib/jobs/run-worker';

const log = (line: string) => console.log(`[worker] ${line}`);

let config;
try {
  config = getConfig();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
const { databaseUrl } = config;
if (!databaseUrl) {
  console.error('Canopy worker cannot start: DATABASE_URL is not set.');
  process.exit(1);
}

const worker = await runWorker({ config: { ...config, databaseUrl }, log });
log('Canopy worker ready');

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    void worker.stop().then(() => process.exit(0));
  });
}
