/** pg-boss queue names, shared by the worker (lib/jobs/jobs.ts) and the code that sends jobs. */
export const QUEUES = {
  purgeStaffSessions: 'purge-staff-sessions',
  verifyConsent: 'verify-consent',
  tenantHealthCheck: 'tenant-health-check',
  scheduleAlertSync: 'schedule-alert-sync',
  syncTenantAlerts: 'sync-tenant-alerts',
} as const;

/** Data of a `verify-consent` job: the tenant (Canopy's id) and how many checks came before. */
export type VerifyConsentJob = { tenantId: string; attempt: number };

/**
 * Data of a `sync-tenant-alerts` job, which syncs every feed of one tenant (alerts and incidents):
 * the tenant (Canopy's id), also its pg-boss singleton key; `now` runs feeds not yet due too.
 */
export type SyncTenantAlertsJob = { tenantId: string; now?: boolean };
