/**
 * `npm run demo`: the whole of Canopy on this machine against the Microsoft simulator.
 * Ctrl-C, closing the terminal (SIGHUP) or `kill` (SIGTERM) stops Canopy, the simulator and the
 * embedded PostgreSQL, and leaves nothing running; what a run killed outright (SIGKILL) left
 * behind, the next one stops. `--verbose` prints every line of every service, request logs too;
 * otherwise they are only in `<data folder>/logs/`.
 */
import './lib/require-supported-node';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startStack, type Stack } from './lib/start-stack';

let verbose: boolean | undefined;
try {
  ({ verbose } = parseArgs({ options: { verbose: { type: 'boolean' } } }).values);
} catch (error) {
  console.error(`${(error as Error).message}\nUsage: npm run demo [-- --verbose]`);
  process.exit(2);
}

const canopyPort = Number(process.env.CANOPY_PORT ?? 3000);
const simulatorPort = Number(process.env.SIMULATOR_PORT ?? 8443);
const dataDir = path.resolve(process.env.CANOPY_DATA_DIR ?? '.canopy');

// After a hang-up the terminal is gone and writing to it fails (EIO): that must not end the
// launcher before it has stopped the services.
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
const stopRequested = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => stopRequested.abort(signal));

console.log('Starting the Canopy demo: PostgreSQL, the Microsoft simulator, Canopy…');
let stack: Stack;
try {
  stack = await startStack({
    server: 'dev',
    mode: 'development',
    canopyPort,
    simulatorPort,
    dataDir,
    databaseUrl: process.env.DATABASE_URL || undefined,
    // New alerts keep arriving and existing ones change, so the demo has something to watch.
    liveRate: Number(process.env.SIMULATOR_LIVE_RATE ?? 2),
    quiet: !verbose,
    signal: stopRequested.signal,
  });
} catch (error) {
  // startStack has already stopped whatever it started.
  if (stopRequested.signal.aborted) process.exit(0);
  console.error(`\nThe demo could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

const stopAndExit = () => {
  console.log('\nStopping Canopy, the simulator and PostgreSQL…');
  void stack.stop().then(() => process.exit(0));
};
if (stopRequested.signal.aborted) stopAndExit();
else stopRequested.signal.addEventListener('abort', stopAndExit, { once: true });

const partner = stack.world.tenants.find((t) => t.id === stack.world.application.homeTenantId);
const staff = (partner?.users ?? []).map((u) => {
  const roles = u.appRoleAssignments.join(', ') || 'no app role';
  // A guest signs in with their home account; the picker shows that name.
  const account = u.guest ? u.guest.homeUserPrincipalName : u.userPrincipalName;
  return `    ${u.displayName.padEnd(20)} ${account.padEnd(40)} ${u.guest ? `${roles}, guest` : roles}`;
});
const customers = stack.world.tenants
  .filter((t) => t.id !== partner?.id)
  .map((t) => t.verifiedDomains[0])
  .filter(Boolean)
  .slice(0, 3)
  .join(', ');
const foreignUpn = stack.world.tenants.find((t) => t.id !== partner?.id)?.users[0]?.userPrincipalName ?? '';
console.log(`
  Canopy is running at ${stack.canopyUrl}

  Open it and choose "Sign in with Microsoft". The simulated Entra sign-in page lists the
  partner's staff; pick one:
${staff.join('\n')}

  Or choose "Use another account" and type ${foreignUpn} (a customer's admin)
  to see a user of another directory refused.

  As Avery Admin, open Tenants and register a customer by domain (${customers}, …):
  Canopy looks it up at the simulated Entra ID. Administration lists who is signed in; the
  Audit log shows every action.

  The simulator uses its own certificate authority (${stack.caCertPath}):
  if your browser warns about https://…:${simulatorPort}, continue or import that CA.

  Logs: ${path.join(dataDir, 'logs')}${verbose ? '' : ' (request logs there only; `npm run demo -- --verbose` prints them)'}.
  Press Ctrl-C to stop everything.
`);
