import { Card } from '@/components/ui/card';
import { LocalTime } from '@/components/ui/local-time';
import type { ResourceAccess } from '@/lib/consent/check-tenant-access';
import type { ResourceRequirement } from '@/lib/consent/required-permissions';
import { DATA_SOURCE_LABELS } from '@/lib/tenants/tenant-status';

/**
 * Required against granted permissions per resource, from the last verification, with a summary
 * of that token's claims (never the token).
 */
export function TenantPermissions({
  required,
  checked,
}: {
  required: ResourceRequirement[];
  checked: ResourceAccess[];
}) {
  return (
    <Card title="Permissions">
      <ul className="space-y-4">
        {required.map((requirement) => {
          const result = checked.find((r) => r.dataSource === requirement.dataSource);
          return (
            <li key={requirement.dataSource} className="space-y-1">
              <p className="font-medium text-slate-900">{DATA_SOURCE_LABELS[requirement.dataSource].label}</p>
              <ul className="space-y-0.5">
                {requirement.roles.map((role) => (
                  <li key={role} className="flex flex-wrap gap-x-2">
                    <span className="font-mono text-xs break-all">
                      {requirement.api} {role}
                    </span>
                    <RoleState role={role} result={result} />
                  </li>
                ))}
              </ul>
              {result?.error ? (
                <p className="text-xs text-slate-600">
                  No token{result.error.code ? ` (AADSTS${result.error.code})` : ''}.
                </p>
              ) : null}
              {result?.claims ? <ClaimsSummary claims={result.claims} /> : null}
            </li>
          );
        })}
      </ul>
    </Card>
  );
}

function RoleState({ role, result }: { role: string; result: ResourceAccess | undefined }) {
  if (!result) return <span className="text-xs text-slate-600">not checked yet</span>;
  return result.missing.includes(role) ? (
    <span className="text-xs font-medium text-red-800">missing</span>
  ) : (
    <span className="text-xs font-medium text-emerald-800">granted</span>
  );
}

function ClaimsSummary({ claims }: { claims: NonNullable<ResourceAccess['claims']> }) {
  return (
    <details className="text-xs text-slate-700">
      <summary className="cursor-pointer text-brand-700">Last token&apos;s claims</summary>
      <dl className="mt-1 grid grid-cols-[auto_minmax(0,1fr)] gap-x-3 gap-y-0.5">
        <dt className="text-slate-500">tid</dt>
        <dd className="font-mono break-all">{claims.tid ?? '—'}</dd>
        <dt className="text-slate-500">aud</dt>
        <dd className="font-mono break-all">{claims.aud ?? '—'}</dd>
        <dt className="text-slate-500">appid</dt>
        <dd className="font-mono break-all">{claims.appid ?? '—'}</dd>
        <dt className="text-slate-500">roles</dt>
        <dd className="font-mono break-all">{claims.roles.length ? claims.roles.join(' ') : 'none'}</dd>
        <dt className="text-slate-500">expires</dt>
        <dd>{claims.expiresAt ? <LocalTime value={claims.expiresAt} /> : '—'}</dd>
      </dl>
    </details>
  );
}
