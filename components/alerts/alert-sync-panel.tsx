import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import { LocalTime } from '@/components/ui/local-time';
import type { AlertSyncPanelLines } from '@/lib/alerts/list-alert-tenants';
import { describeSyncFreshness } from '@/lib/alerts/sync-freshness';
import { TENANT_STATUS } from '@/lib/tenants/tenant-status';
import { SyncNowButton } from './sync-now-button';

/**
 * Each tenant's freshness (synced when, failing why, missing which permission) and the registered
 * tenants that are not connected: no tenant silently missing from the list (at most
 * SYNC_PANEL_LINES lines, of the tenants needing attention or of all when all fit, the rest
 * counted: see listAlertTenants). Sync now for any tenant is also on its own page.
 */
export function AlertSyncPanel({ panel, now }: { panel: AlertSyncPanelLines; now: Date }) {
  const { tenants: shown, hidden, hiddenNeedingAttention, notConnectedCount } = panel;
  return (
    <section aria-label="Sync status" className="rounded-lg border border-slate-200 bg-white p-4 text-sm">
      <h2 className="font-semibold">Sync status</h2>
      {shown.length > 0 ? (
        <ul className="mt-2 space-y-2">
          {shown.map((tenant) => {
            const freshness = describeSyncFreshness(tenant, now);
            const problem = tenant.sync?.problem;
            // Verified tenants (a missing permission may cost one feed, not all): the action checks
            // which feeds it may read, and says so when none.
            const canSync = tenant.status === 'CONNECTED' || tenant.status === 'MISSING_PERMISSIONS';
            return (
              <li key={tenant.id} data-testid="tenant-sync" className="min-w-0">
                <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
                  <Link href={`/tenants/${tenant.id}`} className="font-medium text-brand-700 underline wrap-anywhere">
                    {tenant.displayName}
                  </Link>
                  <Badge tone={freshness.tone}>{freshness.label}</Badge>
                  {tenant.status !== 'CONNECTED' ? (
                    <Badge tone={TENANT_STATUS[tenant.status].tone}>{TENANT_STATUS[tenant.status].label}</Badge>
                  ) : null}
                  <span className="text-slate-700">{freshness.line}</span>
                </div>
                {problem && tenant.sync?.status !== 'SUCCEEDED' ? (
                  <p className="mt-1 text-slate-700">
                    <span className="font-medium">{problem.title}:</span> {problem.explanation}
                    {problem.nextStep ? ` Next: ${problem.nextStep}` : ''}
                    {tenant.sync?.status === 'FAILED' && tenant.sync.nextRunAt ? (
                      <>
                        {' '}
                        Next try <LocalTime value={tenant.sync.nextRunAt} />.
                      </>
                    ) : null}
                  </p>
                ) : null}
                {canSync ? (
                  <div className="mt-1">
                    <SyncNowButton tenantId={tenant.id} tenantName={tenant.displayName} />
                  </div>
                ) : null}
              </li>
            );
          })}
        </ul>
      ) : null}
      {hidden > 0 ? (
        <p className="mt-3 text-slate-700">
          {shown.length > 0 ? `And ${hidden.toLocaleString('en')} more` : hidden.toLocaleString('en')}{' '}
          {hidden === 1 ? 'tenant' : 'tenants'}
          {hiddenNeedingAttention === 0
            ? `${shown.length > 0 ? ', all' : ''} synced without a problem`
            : `, ${hiddenNeedingAttention} of them needing attention`}
          :{' '}
          <Link href="/tenants" className="text-brand-700 underline">
            see Tenants
          </Link>
          .
        </p>
      ) : null}
      {notConnectedCount > 0 ? (
        <p className="mt-3 text-slate-700">
          {notConnectedCount === 1 ? '1 registered tenant is' : `${notConnectedCount} registered tenants are`} not
          connected, so Canopy reads no alerts from {notConnectedCount === 1 ? 'it' : 'them'}:{' '}
          <Link href="/tenants" className="text-brand-700 underline">
            see Tenants
          </Link>
          .
        </p>
      ) : null}
    </section>
  );
}
