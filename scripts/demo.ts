/**
 * `npm run demo`: the whole of Canopy on this machine against the Microsoft simulator.
 * Ctrl-C stops Canopy, the simulator and the embedded PostgreSQL, and leaves nothing running.
 */
import './lib/require-supported-node';
import path from 'node:path';
import { startStack } from './lib/start-stack';

const canopyPort = Number(process.env.CANOPY_PORT ?? 3000);
const simulatorPort = Number(process.env.SIMULATOR_PORT ?? 8443);
const dataDir = path.resolve(process.env.CANOPY_DATA_DIR ?? '.canopy');

console.log('Starting Canopy demo: PostgreSQL, Microsoft simulator, Canopy…');
const stack = await startStack({
  server: 'dev',
  mode: 'development',
  canopyPort,
  simulatorPort,
  dataDir,
  databaseUrl: process.env.DATABASE_URL,
  // New alerts keep arriving and existing ones change, so the demo has something to watch.
  liveRate: Number(process.env.SIMULATOR_LIVE_RATE ?? 2),
}).catch((error: unknown) => {
  // startStack has already stopped whatever it started.
  console.error(`\nThe demo could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping Canopy, the simulator and PostgreSQL…');
  await stack.stop();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());

const partner = stack.world.tenants.find((t) => t.id === stack.world.application.homeTenantId);
const staff = (partner?.users ?? []).map(
  (u) =>
    `    ${u.displayName.padEnd(20)} ${u.userPrincipalName.padEnd(40)} ${u.appRoleAssignments.join(', ') || 'no app role'}`,
);
const foreignUpn = stack.world.tenants.find((t) => t.id !== partner?.id)?.users[0]?.userPrincipalName ?? '';
console.log(`
  Canopy is running at ${stack.canopyUrl}

  Open it and choose "Sign in with Microsoft". The simulated Entra sign-in page lists the
  partner's staff; pick one:
${staff.join('\n')}

  Or choose "Use another account" and type ${foreignUpn} (a customer's admin)
  to see a user of another directory refused.

  The simulator uses its own certificate authority (${stack.caCertPath}):
  if your browser warns about https://…:${simulatorPort}, continue or import that CA.

  Press Ctrl-C to stop everything.
`);
