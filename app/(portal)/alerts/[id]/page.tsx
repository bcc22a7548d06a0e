import type { Metadata } from 'next';
import Link from 'next/link';
import { AlertEvidence } from '@/components/alerts/alert-evidence';
import { SeverityBadge, alertStatusLabel } from '@/components/alerts/severity-badge';
import { Card } from '@/components/ui/card';
import { Detail, DetailList } from '@/components/ui/detail-list';
import { LocalTime } from '@/components/ui/local-time';
import { Notice } from '@/components/ui/notice';
import { defenderAlertUrl } from '@/lib/alerts/defender-alert-url';
import { getAlertOrThrow } from '@/lib/alerts/get-alert';
import { requireRole } from '@/lib/auth/session';
import { getConfig } from '@/lib/config';
import type { AlertSource } from '@/lib/generated/prisma/enums';

type Params = Promise<{ id: string }>;

/** The APIs a detection can come through; the shown row is the most detailed (lib/defender/upsert-alerts.ts). */
const SOURCE_NAMES: Record<AlertSource, string> = {
  MDE: 'Defender for Endpoint',
  GRAPH: 'Microsoft Graph',
  XDR: 'Defender XDR incident',
};

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  await requireRole('ANALYST');
  const alert = await getAlertOrThrow((await params).id);
  return { title: alert.title };
}

export default async function AlertPage({ params }: { params: Params }) {
  await requireRole('ANALYST');
  const alert = await getAlertOrThrow((await params).id);
  const details = alert.details;
  const portalUrl = defenderAlertUrl(getConfig(), {
    upstreamId: alert.upstreamId,
    tenantGuid: alert.tenant.entraTenantId,
    alertWebUrl: alert.alertWebUrl,
  });
  const time = (value: Date | null) => (value ? <LocalTime value={value} /> : '—');

  return (
    <div className="space-y-6">
      <div>
        <Link href="/alerts" className="text-sm text-brand-700 underline">
          Alerts
        </Link>
        <h1 className="mt-2 text-2xl font-semibold wrap-anywhere">{alert.title}</h1>
        <div className="mt-2 flex flex-wrap items-center gap-3 text-sm">
          <SeverityBadge severity={alert.severity} />
          <span>{alertStatusLabel(alert.status)}</span>
          <Link href={`/tenants/${alert.tenant.id}`} className="text-brand-700 underline wrap-anywhere">
            {alert.tenant.displayName}
          </Link>
          <a href={portalUrl} target="_blank" rel="noopener noreferrer" className="text-brand-700 underline sm:ml-auto">
            Open in Microsoft Defender
          </a>
        </div>
      </div>
      {details ? null : (
        <Notice tone="info" title="Details unavailable">
          The stored copy of this alert could not be read; the fields below come from the list.
        </Notice>
      )}
      <Card title="Details">
        <DetailList>
          <Detail label="Alert ID" mono>
            {alert.upstreamId}
          </Detail>
          <Detail label="Category">{alert.category ?? '—'}</Detail>
          <Detail label="Detection source">{alert.detectionSource ?? '—'}</Detail>
          {details?.threatName ? <Detail label="Threat">{details.threatName}</Detail> : null}
          <Detail label="Device">{alert.computerDnsName ?? '—'}</Detail>
          {alert.machineId ? (
            <Detail label="Device ID" mono>
              {alert.machineId}
            </Detail>
          ) : null}
          <Detail label="User">{alert.relatedUser ?? '—'}</Detail>
          <Detail label="Assigned to">{alert.assignedTo ?? 'Nobody'}</Detail>
          <Detail label="Classification">{alert.classification ?? '—'}</Detail>
          <Detail label="Determination">{alert.determination ?? '—'}</Detail>
          <Detail label="Incident">
            {alert.incident ? (
              <Link href={`/incidents/${alert.incident.id}`} className="text-brand-700 underline wrap-anywhere">
                {alert.incidentId} · {alert.incident.name}
              </Link>
            ) : (
              (alert.incidentId ?? '—')
            )}
          </Detail>
          <Detail label="Reported by">
            <ul data-testid="alert-sources">
              {alert.sources.map((source) => (
                <li key={source.id}>
                  {SOURCE_NAMES[source.source]}
                  {source.isPrimary ? ' (shown)' : ''}
                </li>
              ))}
            </ul>
          </Detail>
          {details?.investigationState ? <Detail label="Investigation">{details.investigationState}</Detail> : null}
          <Detail label="First activity">{time(alert.firstActivity)}</Detail>
          <Detail label="Last activity">{time(alert.lastActivity)}</Detail>
          <Detail label="Created">{time(alert.alertCreationTime)}</Detail>
          <Detail label="Last updated">{time(alert.lastUpdateTime)}</Detail>
          <Detail label="Resolved">{time(alert.resolvedTime)}</Detail>
          <Detail label="Synced by Canopy">{time(alert.syncedAt)}</Detail>
        </DetailList>
      </Card>
      {details?.description ? (
        <Card title="Description">
          <p className="whitespace-pre-line wrap-anywhere">{details.description}</p>
        </Card>
      ) : null}
      <Card title="MITRE ATT&CK techniques">
        {alert.mitreTechniques.length > 0 ? (
          <ul className="flex flex-wrap gap-2 font-mono">
            {alert.mitreTechniques.map((technique) => (
              <li key={technique}>{technique}</li>
            ))}
          </ul>
        ) : (
          <p>None named.</p>
        )}
      </Card>
      <Card title="Evidence">
        <AlertEvidence evidence={details?.evidence ?? []} />
      </Card>
      <Card title="Comments">
        {details && details.comments.length > 0 ? (
          <ul className="space-y-3">
            {details.comments.map((comment, index) => (
              <li key={index}>
                <p className="whitespace-pre-line wrap-anywhere">{comment.comment ?? ''}</p>
                <p className="text-xs text-slate-600">
                  {comment.createdBy ?? 'Someone'}
                  {comment.createdTime ? (
                    <>
                      , <LocalTime value={comment.createdTime} />
                    </>
                  ) : null}
                </p>
              </li>
            ))}
          </ul>
        ) : (
          <p>No comments.</p>
        )}
      </Card>
    </div>
  );
}
