/**
 * `npm run demo`: the whole of Canopy on this machine against the Microsoft simulator.
 * Ctrl-C, closing the terminal (SIGHUP) or `kill` (SIGTERM) stops Canopy, the simulator and the
 * embedded PostgreSQL, and leaves nothing running; what a run killed outright (SIGKILL) left
 * behind, the next one stops. `--verbose` prints every line of every service, request logs too;
 * otherwise they are only in `<data folder>/logs/`.
 */
import './lib/require-supported-node';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { canopyScriptArgs } from './lib/canopy-script';
import { WALKTHROUGH_TENANT } from './lib/demo-tenants';
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

// The first start sets up customer tenants in different states; later starts list them.
const tenantLines = await seedDemoTenants(stack, stopRequested.signal);
// Unless the demo is stopping already (Ctrl-C while they were set up): stopAndExit ends it.
if (!stopRequested.signal.aborted) printBanner(stack, tenantLines);

function printBanner(stack: Stack, tenantLines: string[]): void {
  const partner = stack.world.tenants.find((t) => t.id === stack.world.application.homeTenantId);
  const staff = (partner?.users ?? []).map((u) => {
    const roles = u.appRoleAssignments.join(', ') || 'no app role';
    // A guest signs in with their home account; the picker shows that name.
    const account = u.guest ? u.guest.homeUserPrincipalName : u.userPrincipalName;
    return `    ${u.displayName.padEnd(20)} ${account.padEnd(40)} ${u.guest ? `${roles}, guest` : roles}`;
  });
  const foreignUpn = stack.world.tenants.find((t) => t.id !== partner?.id)?.users[0]?.userPrincipalName ?? '';
  const { domain, adminEmail, adminName } = WALKTHROUGH_TENANT;
  console.log(`
  Canopy is running at ${stack.canopyUrl}

  Open it and choose "Sign in with Microsoft". The simulated Entra sign-in page lists the
  partner's staff; pick one:
${staff.join('\n')}

  Or choose "Use another account" and type ${foreignUpn} (a customer's admin)
  to see a user of another directory refused.

${tenantLines.map((line) => `  ${line}`).join('\n')}

  Signed in, Canopy opens on Alerts: every connected tenant's Defender alerts, with the simulator's
  live traffic adding new ones each minute ("N new or updated alerts — Show" appears without a reload; "Sync now"
  fetches a tenant's at once and shows its progress). Incidents shows the Defender XDR incidents
  that group them. The tenants per status and "Needs attention" head the Tenants page.

  Try an invitation end to end, as Avery Admin:
    1. Tenants → Register ${domain}, admin email ${adminEmail}.
    2. On its page, send the invitation by email: without an SMTP server it waits in the Outbox.
    3. Open its link → Continue to Microsoft → pick ${adminName} → Accept.
    4. Canopy's worker verifies the consent: the tenant is Connected within seconds.

  The simulator uses its own certificate authority (${stack.caCertPath}):
  if your browser warns about https://…:${simulatorPort}, continue or import that CA.

  Logs: ${path.join(dataDir, 'logs')}${verbose ? '' : ' (request logs there only; `npm run demo -- --verbose` prints them)'}.
  Press Ctrl-C to stop everything.
`);
}

/**
 * scripts/seed-demo.ts against the running stack, with Canopy's environment; resolves with its
 * lines for the banner. Its failures are shown, never fatal: Canopy runs without the tenants.
 */
async function seedDemoTenants(stack: Stack, signal: AbortSignal): Promise<string[]> {
  console.log("Setting up the demo's customer tenants (first start only)…");
  const args = canopyScriptArgs('scripts/seed-demo.ts', [
    '--simulator-url',
    stack.simulatorUrl,
    '--control-token-file',
    stack.controlTokenFile,
  ]);
  const lines = (stdout: string) => stdout.split('\n').filter(Boolean);
  try {
    const { stdout } = await promisify(execFile)(process.execPath, args, { env: stack.canopyEnv, signal });
    return lines(stdout);
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    if (stderr) console.error(stderr.trimEnd());
    return [...lines(stdout), "The demo's customer tenants could not all be set up (see above); Canopy runs anyway."];
  }
}
