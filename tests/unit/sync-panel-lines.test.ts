import { describe, expect, it } from 'vitest';
import type { AlertTenant } from '@/lib/alerts/list-alert-tenants';
import type { SyncStatus } from '@/lib/generated/prisma/enums';
import { SYNC_PANEL_LINES, syncPanelLines } from '@/lib/alerts/sync-freshness';

const tenant = (n: number, sync: SyncStatus | null, status: AlertTenant['status'] = 'CONNECTED') =>
  ({
    id: `t${n}`,
    displayName: `Tenant ${n}`,
    status,
    sync: sync ? { status: sync, lastSuccessAt: null, lastRunFinishedAt: null, nextRunAt: null, problem: null } : null,
  }) satisfies AlertTenant;

describe('the tenants the alerts page lists in its sync panel', () => {
  it('lists every tenant, in order, up to the limit', () => {
    const few = Array.from({ length: SYNC_PANEL_LINES }, (_, n) => tenant(n, 'SUCCEEDED'));
    expect(syncPanelLines(few)).toEqual({ shown: few, hidden: 0, hiddenNeedingAttention: 0 });
  });

  it('beyond it, lists those needing attention first and counts the rest', () => {
    const fresh = Array.from({ length: 1000 }, (_, n) => tenant(n, 'SUCCEEDED'));
    const failing = tenant(1001, 'FAILED');
    const missing = tenant(1002, 'MISSING_PERMISSION', 'MISSING_PERMISSIONS');
    const never = tenant(1003, null);
    const lines = syncPanelLines([...fresh.slice(0, 500), failing, ...fresh.slice(500), missing, never]);
    expect(lines.shown).toHaveLength(SYNC_PANEL_LINES);
    expect(lines.shown.slice(0, 3)).toEqual([failing, missing, never]);
    expect(lines.shown.slice(3)).toEqual(fresh.slice(0, SYNC_PANEL_LINES - 3));
    expect(lines).toMatchObject({ hidden: 1003 - SYNC_PANEL_LINES, hiddenNeedingAttention: 0 });
  });

  it('counts the tenants needing attention it could not list', () => {
    const failing = Array.from({ length: SYNC_PANEL_LINES + 5 }, (_, n) => tenant(n, 'FAILED'));
    expect(syncPanelLines([tenant(999, 'SUCCEEDED'), ...failing])).toMatchObject({
      hidden: 6,
      hiddenNeedingAttention: 5,
    });
  });
});
