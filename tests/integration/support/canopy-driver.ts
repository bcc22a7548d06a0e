/**
 * Child process for the integration tests: Canopy's own use cases (registration and import, invitations, the
 * consent callback, verification, health checks, the alert and incident sync and its scheduler) with the
 * configuration from the environment, in a process whose NODE_EXTRA_CA_CERTS trusts the simulator's CA as Canopy's
 * server does. It also fetches simulator pages for the test (the customer's browser), without
 * following redirects. Commands arrive as JSON lines on stdin and may run concurrently; each
 * answer is one JSON line `{ id, ok, value | error }`.
 */
import { createInterface } from 'node:readline';
import type PgBoss from 'pg-boss';
import { getDetectionLinks } from '@/lib/alerts/get-detection-links';
import { getConfig } from '@/lib/config';
import { handleConsentCallback } from '@/lib/consent/handle-callback';
import { checkTenantHealth, scheduleHealthChecks } from '@/lib/consent/health-check';
import { startConsent } from '@/lib/consent/start-consent';
import { checkTenant } from '@/lib/consent/check-tenant';
import { decodeAlertCursor, parseAlertListQuery } from '@/lib/alerts/alert-list-query';
import { withTextSearch } from '@/lib/alerts/text-search';
import { countNewerAlerts } from '@/lib/alerts/list-alerts';
import { getDb } from '@/lib/db/client';
import { getSyncProgress } from '@/lib/defender/get-sync-progress';
import { requestTenantSync } from '@/lib/defender/request-tenant-sync';
import { scheduleAlertSync } from '@/lib/defender/schedule-alert-sync';
import { syncTenantFeed, syncTenantFeeds, type SyncAlertsOptions } from '@/lib/defender/sync-tenant-feeds';
import type { SyncFeed } from '@/lib/generated/prisma/enums';
import { createInvitation } from '@/lib/invitations/create-invitation';
import { findInvitation } from '@/lib/invitations/find-invitation';
import { createBoss } from '@/lib/jobs/boss';
import { alertSyncSender, JOBS } from '@/lib/jobs/jobs';
import { QUEUES } from '@/lib/jobs/queues';
import { getAppTokenClient } from '@/lib/microsoft/app-token-client';
import { importTenants } from '@/lib/tenants/import-tenants';
import { registerTenant, type Actor } from '@/lib/tenants/register-tenant';
import { registerTenantInput } from '@/lib/tenants/tenant-input';

type Command = { id: number; op: string; args: Record<string, unknown> };

let sender: Promise<PgBoss> | undefined;

/** A pg-boss that only sends, with the sync queue created as the worker creates it (its policy from JOBS). */
function getSender(): Promise<PgBoss> {
  sender ??= (async () => {
    const boss = createBoss(getConfig().databaseUrl!, { supervise: false, schedule: false, max: 2 });
    await boss.start();
    const sync = JOBS.find((job) => job.queue === QUEUES.syncTenantAlerts)!;
    await boss.createQueue(sync.queue, { name: sync.queue, policy: sync.policy });
    return boss;
  })();
  return sender;
}

const OPERATIONS: Record<string, (args: Record<string, unknown>) => Promise<unknown>> = {
  register: ({ input, actor }) => registerTenant(registerTenantInput.parse(input), actor as Actor),
  importTenants: ({ csv, actor }) => importTenants(String(csv), actor as Actor),
  invite: ({ tenantId, actor }) => createInvitation(String(tenantId), actor as Actor),
  findInvitation: ({ token }) => findInvitation(String(token)),
  continue: ({ token }) => startConsent(String(token)),
  callback: ({ query }) => handleConsentCallback(new URLSearchParams(String(query))),
  check: ({ tenantId, purpose }) =>
    checkTenant(String(tenantId), {
      purpose: purpose === 'health' ? 'health' : 'verification',
      actor: null,
      audit: 'always',
    }),
  // The hourly check as the worker fans it out, each tenant's check run here instead of queued.
  healthCheck: () => scheduleHealthChecks(async (tenantId) => (await checkTenantHealth(tenantId), true)),
  // Whether it came from a cache, and until when: never the token.
  acquireToken: async ({ tenantId, resource, skipCache }) => {
    const token = await getAppTokenClient().acquire({
      tenantId: String(tenantId),
      resource: String(resource),
      skipCache: skipCache === true,
    });
    return { fromCache: token.fromCache, expiresOn: token.expiresOn.toISOString() };
  },
  syncAlerts: ({ tenantId, options }) =>
    syncTenantFeed(String(tenantId), 'MDE_ALERTS', options as SyncAlertsOptions | undefined),
  syncFeed: ({ tenantId, feed, options }) =>
    syncTenantFeed(String(tenantId), feed as SyncFeed, options as SyncAlertsOptions | undefined),
  syncTenant: ({ tenantId, options }) => syncTenantFeeds(String(tenantId), options as SyncAlertsOptions | undefined),
  detectionLinks: ({ alert }) =>
    getDetectionLinks(alert as { tenantId: string; upstreamId: string; incidentId: string | null }),
  scheduleAlertSync: async () => scheduleAlertSync(alertSyncSender(await getSender())),
  /** Creates the sync queue as a worker does, without running one. */
  createSyncQueue: async () => void (await getSender()),
  countNewerAlerts: async ({ query, since }) =>
    countNewerAlerts(
      getDb(),
      await withTextSearch(getDb(), parseAlertListQuery(query as Record<string, string>)),
      new Date(),
      decodeAlertCursor(typeof since === 'string' ? since : undefined, 'updated'),
    ),
  requestSync: ({ tenantId, actor }) => requestTenantSync(String(tenantId), actor as Actor),
  syncProgress: ({ tenantId, jobId }) => getSyncProgress(String(tenantId), String(jobId)),
  fetch: async ({ url, form, method, headers, json }) => {
    const response = await fetch(String(url), {
      method: typeof method === 'string' ? method : form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: { ...(headers as Record<string, string>), ...(json ? { 'content-type': 'application/json' } : {}) },
      ...(json ? { body: JSON.stringify(json) } : {}),
      ...(form ? { body: new URLSearchParams(form as Record<string, string>) } : {}),
    });
    return { status: response.status, location: response.headers.get('location'), body: await response.text() };
  },
};

const output = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`);

createInterface({ input: process.stdin }).on('line', (line) => {
  const command = JSON.parse(line) as Command;
  const operation = OPERATIONS[command.op];
  void (operation ? operation(command.args) : Promise.reject(new Error(`unknown op ${command.op}`))).then(
    (value) => output({ id: command.id, ok: true, value }),
    (error: unknown) =>
      output({ id: command.id, ok: false, error: error instanceof Error ? error.message : String(error) }),
  );
});
output({ id: 0, ok: true, value: 'ready' });
