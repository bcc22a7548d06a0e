/**
 * The demo's customer tenants, set up at its first start so a new user sees onboarding in every
 * state at once. `npm run demo` runs it once the stack is up; the e2e stack does not. Everything
 * goes through Canopy's own use cases (registration, invitation, the access check with fresh
 * tokens), as the actor "Demo setup", so the audit log and each tenant's timeline show what
 * happened. Where a state needs the customer's side to change (Adatum consenting, then withdrawing
 * it), the simulator's control API changes it and Canopy finds out by checking, as it would.
 * A database that has, or ever had, customer tenants is left as it is: then this lists them.
 *
 * Runs with Canopy's environment (scripts/lib/start-stack.ts) under tsx's `react-server` condition:
 *   seed-demo.ts --simulator-url <origin> --control-token-file <file>
 * Prints a heading and one line per tenant with its status; exits 1 if a tenant could not be set up.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { checkTenant } from '@/lib/consent/check-tenant';
import { getDb } from '@/lib/db/client';
import { requestTenantSync } from '@/lib/defender/request-tenant-sync';
import type { DataSource, TenantStatus } from '@/lib/generated/prisma/enums';
import { createInvitation } from '@/lib/invitations/create-invitation';
import { registerTenant, type Actor } from '@/lib/tenants/register-tenant';
import { registerTenantInput } from '@/lib/tenants/tenant-input';
import { TENANT_STATUS } from '@/lib/tenants/tenant-status';
import { DEMO_TENANTS, type DemoTenant } from './lib/demo-tenants';

/** Not a staff account: the audit log records the name, with no staff id. */
const ACTOR: Actor = { id: null, name: 'Demo setup' };
const ALL_DATA: DataSource[] = ['MDE_ALERTS', 'XDR_INCIDENTS', 'GRAPH_SECURITY'];

const { simulatorUrl, controlTokenFile } = readOptions();
const db = getDb();
const statusLine = (name: string, status: TenantStatus) => `  ${name.padEnd(20)} ${TENANT_STATUS[status].label}`;

let failed = false;
if (await hasHadTenants()) {
  console.log('Customer tenants, as an earlier run left them:');
  const tenants = await db.customerTenant.findMany({
    orderBy: { displayName: 'asc' },
    take: 8,
    select: { displayName: true, status: true },
  });
  for (const tenant of tenants) console.log(statusLine(tenant.displayName, tenant.status));
  const more = (await db.customerTenant.count()) - tenants.length;
  if (more > 0) console.log(`  … and ${more} more`);
} else {
  console.log(`Customer tenants, set up at this first start by "${ACTOR.name}" (the Audit log shows how):`);
  for (const tenant of DEMO_TENANTS) {
    try {
      console.log(statusLine(tenant.displayName, await setUp(tenant)));
    } catch (error) {
      failed = true;
      console.log(`  ${tenant.displayName.padEnd(20)} could not be set up: ${(error as Error).message}`);
    }
  }
}
await db.$disconnect();
process.exit(failed ? 1 : 0);

function readOptions(): { simulatorUrl: string; controlTokenFile: string } {
  const { values } = parseArgs({
    options: { 'simulator-url': { type: 'string' }, 'control-token-file': { type: 'string' } },
  });
  const { 'simulator-url': simulatorUrl, 'control-token-file': controlTokenFile } = values;
  if (simulatorUrl && controlTokenFile) return { simulatorUrl, controlTokenFile };
  console.error('Usage: seed-demo.ts --simulator-url <origin> --control-token-file <file>');
  process.exit(2);
}

/** Customer tenants now, or registered once and since removed (the audit log keeps every registration). */
async function hasHadTenants(): Promise<boolean> {
  const [tenants, registrations] = await Promise.all([
    db.customerTenant.count(),
    db.auditEvent.count({ where: { action: 'tenant.registered' } }),
  ]);
  return tenants > 0 || registrations > 0;
}

async function setUp(tenant: DemoTenant): Promise<TenantStatus> {
  const input = registerTenantInput.parse({
    tenant: tenant.domain,
    displayName: tenant.displayName,
    adminEmails: tenant.adminEmail,
    notes: tenant.notes,
    dataSources: ALL_DATA,
  });
  const registered = await registerTenant(input, ACTOR);
  if (!registered.ok) throw new Error(registered.error);
  const { id } = registered.tenant;
  const check = () => checkTenant(id, { purpose: 'health', actor: ACTOR, audit: 'always' });
  if (tenant.story === 'invited') {
    if (!(await createInvitation(id, ACTOR))) throw new Error('the tenant disappeared before its invitation');
  } else if (tenant.story === 'revoked') {
    await controlSimulator('POST', `/tenants/${tenant.domain}/consent`);
    await check();
    await controlSimulator('DELETE', `/tenants/${tenant.domain}/grants`);
    await check();
  } else {
    await check();
  }
  const { status } = await db.customerTenant.findUniqueOrThrow({ where: { id }, select: { status: true } });
  // Its alerts at once, as "Sync now" does, rather than at the next scheduled run: a new user
  // sees alerts within a minute of the first start.
  if (status === 'CONNECTED' || status === 'MISSING_PERMISSIONS') await requestTenantSync(id, ACTOR);
  return status;
}

/** The simulator's control API (simulator/README.md); its token is read from the file, never printed. */
async function controlSimulator(method: string, path: string): Promise<void> {
  const token = (await readFile(controlTokenFile, 'utf8')).trim();
  const response = await fetch(new URL(`/_control${path}`, simulatorUrl), {
    method,
    headers: { authorization: `Bearer ${token}` },
  });
  if (!response.ok) throw new Error(`the simulator answered ${response.status} to ${method} ${path}`);
}
