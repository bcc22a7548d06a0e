import type { Metadata } from 'next';
import Link from 'next/link';
import { AlertList } from '@/components/alerts/alert-list';
import { SeverityBadge } from '@/components/alerts/severity-badge';
import { IncidentComments } from '@/components/incidents/incident-comments';
import { Card } from '@/components/ui/card';
import { Detail, DetailList } from '@/components/ui/detail-list';
import { LocalTime } from '@/components/ui/local-time';
import { defenderIncidentUrl } from '@/lib/alerts/defender-alert-url';
import { requireRole } from '@/lib/auth/session';
import { getConfig } from '@/lib/config';
import { getIncidentOrThrow, INCIDENT_ALERT_LIMIT } from '@/lib/incidents/get-incident';
import { incidentSeverityLabel, incidentStatusLabel } from '@/lib/incidents/incident-list-query';

type Params = Promise<{ id: string }>;

const SOURCE_LABELS = { XDR: 'Defender XDR', GRAPH: 'Microsoft Graph' } as const;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  await requireRole('ANALYST');
  const incident = await getIncidentOrThrow((await params).id);
  return { title: incident.name };
}

export default async function IncidentPage({ params }: { params: Params }) {
  await requireRole('ANALYST');
  const incident = await getIncidentOrThrow((await params).id);
  const { details, tenant } = incident;
  const portalUrl = defenderIncidentUrl(getConfig(), {
    upstreamId: incident.upstreamId,
    tenantGuid: tenant.entraTenantId,
    webUrl: incident.webUrl,
  });
  const alertRows = incident.alerts.map((alert) => ({ ...alert, tenantId: tenant.id, tenantName: tenant.displayName }));

  return (
    <div className="space-y-6">
      <div>
        <Link href="/incidents" className="text-sm text-brand-700 underline">
          Incidents
        </Link>
        <h1 className="mt-2 text-2xl font-semibold wrap-anywhere">{incident.name}</h1>
        <div className="mt-2 flex flex-wrap items-center gap-3 text-sm">
          <SeverityBadge severity={incidentSeverityLabel(incident.severity)} />
          <span>{incidentStatusLabel(incident.status)}</span>
          <Link href={`/tenants/${tenant.id}`} className="text-brand-700 underline wrap-anywhere">
            {tenant.displayName}
          </Link>
          <a href={portalUrl} target="_blank" rel="noopener noreferrer" className="text-brand-700 underline sm:ml-auto">
            Open in Microsoft Defender
          </a>
        </div>
      </div>
      <Card title="Details">
        <DetailList>
          <Detail label="Incident ID" mono>
            {incident.upstreamId}
          </Detail>
          <Detail label="Reported by">{incident.sources.map((source) => SOURCE_LABELS[source]).join(', ')}</Detail>
          <Detail label="Assigned to">{incident.assignedTo ?? 'Nobody'}</Detail>
          <Detail label="Classification">{incident.classification ?? '—'}</Detail>
          <Detail label="Determination">{incident.determination ?? '—'}</Detail>
          {details.detectionSource ? <Detail label="Detection source">{details.detectionSource}</Detail> : null}
          <Detail label="Tags">
            {incident.tags.length > 0 ? (
              <ul className="flex flex-wrap gap-2">
                {incident.tags.map((tag) => (
                  <li key={tag} className="rounded-full bg-slate-100 px-2 py-0.5 text-xs text-slate-800 wrap-anywhere">
                    {tag}
                  </li>
                ))}
              </ul>
            ) : (
              'None'
            )}
          </Detail>
          {incident.redirect ? (
            <Detail label="Merged into">
              {incident.redirect.stored ? (
                <Link href={`/incidents/${incident.redirect.stored.id}`} className="text-brand-700 underline">
                  #{incident.redirect.upstreamId} {incident.redirect.stored.name}
                </Link>
              ) : (
                `#${incident.redirect.upstreamId} (not stored in Canopy)`
              )}
            </Detail>
          ) : null}
          <Detail label="Created">
            <LocalTime value={incident.createdTime} />
          </Detail>
          <Detail label="Last updated">
            <LocalTime value={incident.lastUpdateTime} />
          </Detail>
          <Detail label="Synced by Canopy">
            <LocalTime value={incident.syncedAt} />
          </Detail>
        </DetailList>
      </Card>
      {details.summary || details.description ? (
        <Card title="Description">
          {details.summary ? <p className="whitespace-pre-line wrap-anywhere">{details.summary}</p> : null}
          {details.description ? (
            <p className="mt-2 whitespace-pre-line wrap-anywhere first:mt-0">{details.description}</p>
          ) : null}
        </Card>
      ) : null}
      <Card title="Alerts">
        <p className="mb-3">
          {incident.storedAlertCount} stored in Canopy; Microsoft listed {incident.alertCount}.
          {incident.storedAlertCount > INCIDENT_ALERT_LIMIT
            ? ` The ${INCIDENT_ALERT_LIMIT} most recently changed are shown.`
            : ''}
        </p>
        {alertRows.length > 0 ? <AlertList rows={alertRows} sort="updated" /> : null}
      </Card>
      <Card title="Comments">
        <IncidentComments comments={details.comments} />
      </Card>
    </div>
  );
}
