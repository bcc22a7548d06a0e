/** pg-boss queue names, shared by the worker (lib/jobs/jobs.ts) and the code that sends jobs. */
export const QUEUES = {
  purgeStaffSessions: 'purge-staff-sessions',
  verifyConsent: 'verify-consent',
  tenantHealthCheck: 'tenant-health-check',
  checkTenantHealth: 'check-tenant-health',
  scheduleAlertSync: 'schedule-alert-sync',
  syncTenantAlerts: 'sync-tenant-alerts',
} as const;

/** Data of a `check-tenant-health` job: the tenant (Canopy's id), also its singleton key. */
export type CheckTenantHealthJob = { tenantId: string };

/** Data of a `verify-consent` job: the tenant (Canopy's id) and how many checks came before. */
export type VerifyConsentJob = { tenantId: string; attempt: number };

/**
 * Data of a `sync-tenant-alerts` job, which syncs every feed of one tenant (alerts and incidents):
 * the tenant (Canopy's id), also its pg-boss singleton key; `now` runs feeds not yet due too;
 * `dueBy` (ISO time, a scheduled job's start) counts feeds due by then as due, whatever the
 * worker's clock says.
 */
export type SyncTenantAlertsJob = { tenantId: string; now?: boolean; dueBy?: string };

/**
 * pg-boss priorities of sync jobs (higher first, among jobs whose start has come): what a person
 * waits for, then the incremental syncs that keep connected tenants fresh, then backfills, which
 * read in slices (CANOPY_SYNC_BACKFILL_PAGES) so the others get a slot between two of them.
 */
export const SYNC_PRIORITY = { syncNow: 20, incremental: 10, backfill: 0 } as const;
