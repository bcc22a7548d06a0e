import 'server-only';
import { randomUUID } from 'node:crypto';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { getDb } from '@/lib/db/client';
import { registerTenant, type Actor, type RegisteredTenant } from './register-tenant';
import { parseTenantCsv, type TenantCsvRow } from './tenant-csv';

export type ImportOutcome = 'registered' | 'already-registered' | 'error';

/** What became of one row: `tenant` is the tenant registered, or the one already registered. */
export type ImportRowResult = { row: number; reference: string } & (
  | { outcome: 'registered'; tenant: RegisteredTenant }
  | { outcome: 'already-registered'; tenant: RegisteredTenant; message: string }
  | { outcome: 'error'; message: string }
);

export type ImportTenantsResult =
  | { ok: true; rows: ImportRowResult[]; counts: Record<ImportOutcome, number>; ignoredColumns: string[] }
  | { ok: false; error: string };

/**
 * Register every tenant of a CSV (lib/tenants/tenant-csv.ts), one row after the other, each
 * through `registerTenant`: a row is saved with its audit row or not at all, and a row that fails
 * does not stop the others. A file that cannot be used as a whole saves nothing. One more audit
 * event sums the import up; all of its events share one correlation id.
 */
export async function importTenants(csv: string, actor: Actor): Promise<ImportTenantsResult> {
  const parsed = parseTenantCsv(csv);
  if (!parsed.ok) return parsed;
  const correlationId = randomUUID();
  /** Tenants this import registered, by Canopy id: a domain and a GUID of one tenant are one tenant. */
  const registeredAtRow = new Map<string, number>();
  const rows: ImportRowResult[] = [];
  for (const row of parsed.rows) {
    const result = await importRow(row, { actor, correlationId, registeredAtRow });
    if (result.outcome === 'registered') registeredAtRow.set(result.tenant.id, result.row);
    rows.push(result);
  }

  const counts: Record<ImportOutcome, number> = { registered: 0, 'already-registered': 0, error: 0 };
  for (const row of rows) counts[row.outcome] += 1;
  await recordAuditEvent(getDb(), {
    actor,
    action: 'tenant.bulk-imported',
    result: counts.error > 0 && counts.registered === 0 ? 'FAILURE' : 'SUCCESS',
    detail: {
      rows: rows.length,
      registered: counts.registered,
      alreadyRegistered: counts['already-registered'],
      errors: counts.error,
    },
    correlationId,
  });
  return { ok: true, rows, counts, ignoredColumns: parsed.ignoredColumns };
}

async function importRow(
  row: TenantCsvRow,
  context: { actor: Actor; correlationId: string; registeredAtRow: Map<string, number> },
): Promise<ImportRowResult> {
  const { row: number, reference } = row;
  if (!row.ok) return { row: number, reference, outcome: 'error', message: row.error };
  let result;
  try {
    result = await registerTenant(row.input, context.actor, { correlationId: context.correlationId });
  } catch (error) {
    // registerTenant writes in one transaction: nothing of this row was saved.
    console.error(`Tenant import, row ${number}: ${error instanceof Error ? error.message : String(error)}`);
    return { row: number, reference, outcome: 'error', message: 'Canopy could not save this row. Try it again.' };
  }
  if (result.ok) return { row: number, reference, outcome: 'registered', tenant: result.tenant };
  if (!result.existing) return { row: number, reference, outcome: 'error', message: result.error };
  const earlierRow = context.registeredAtRow.get(result.existing.id);
  if (earlierRow !== undefined) {
    return { row: number, reference, outcome: 'error', message: `Duplicate: the same tenant as row ${earlierRow}.` };
  }
  return { row: number, reference, outcome: 'already-registered', tenant: result.existing, message: result.error };
}
