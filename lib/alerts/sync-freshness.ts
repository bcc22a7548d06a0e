import type { Tone } from '@/lib/tenants/tenant-status';
import type { AlertTenant } from './list-alert-tenants';

/** "40 s", "5 min", "3 h", "2 days": how long ago, rounded down, for a freshness line. */
export function formatAge(from: Date, now: Date): string {
  const seconds = Math.max(0, Math.floor((now.getTime() - from.getTime()) / 1000));
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h`;
  const days = Math.floor(seconds / 86_400);
  return `${days} ${days === 1 ? 'day' : 'days'}`;
}

/** How fresh a tenant's alerts are, in one line, with a tone for its badge. */
export function describeSyncFreshness(tenant: AlertTenant, now: Date): { label: string; tone: Tone; line: string } {
  const sync = tenant.sync;
  const lastGood = sync?.lastSuccessAt
    ? `last complete sync ${formatAge(sync.lastSuccessAt, now)} ago`
    : 'never synced';
  if (!sync || sync.status === 'PENDING')
    return { label: 'Waiting', tone: 'info', line: 'First sync of its alerts starts within a few minutes.' };
  switch (sync.status) {
    case 'SUCCEEDED':
      return { label: 'Fresh', tone: 'good', line: `Synced ${formatAge(sync.lastRunFinishedAt ?? now, now)} ago.` };
    case 'PARTIAL':
      return {
        label: 'Catching up',
        tone: 'info',
        line: `Partly synced ${formatAge(sync.lastRunFinishedAt ?? now, now)} ago; the next run continues (${lastGood}).`,
      };
    case 'MISSING_PERMISSION':
      return {
        label: 'Missing permission',
        tone: 'warning',
        line: 'Part of its data is not synced: the tenant has not granted a permission it needs.',
      };
    case 'FAILED':
      return { label: 'Failing', tone: 'bad', line: `The last sync failed (${lastGood}).` };
  }
}
