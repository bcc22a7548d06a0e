import 'server-only';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { getDb } from '@/lib/db/client';
import { readIncidentDetails } from './incident-details';

/** Alerts listed on an incident's page; an incident with more says how many more there are. */
export const INCIDENT_ALERT_LIMIT = 200;

/**
 * One stored incident with its tenant, details, the sources that reported it, the incident it was
 * merged into (when Canopy holds it) and its alerts: the primary alert rows of its tenant with its
 * number, newest change first. An id that is not one answers 404. Cached per request (React
 * `cache`): the page and its generateMetadata read it once.
 */
export const getIncidentOrThrow = cache(async (id: string) => {
  if (!/^\d{1,18}$/.test(id)) notFound();
  const db = getDb();
  const incident = await db.incident.findUnique({
    where: { id: BigInt(id) },
    select: {
      id: true,
      tenantId: true,
      source: true,
      upstreamId: true,
      name: true,
      severity: true,
      status: true,
      classification: true,
      determination: true,
      assignedTo: true,
      tags: true,
      redirectIncidentId: true,
      alertCount: true,
      webUrl: true,
      createdTime: true,
      lastUpdateTime: true,
      syncedAt: true,
      payload: true,
      tenant: { select: { id: true, displayName: true, entraTenantId: true } },
    },
  });
  if (!incident) notFound();
  const { tenantId, upstreamId, redirectIncidentId, payload, ...fields } = incident;
  const alertWhere = { tenantId, incidentId: upstreamId, isPrimary: true };
  const [alerts, storedAlertCount, sources, redirectTarget] = await Promise.all([
    db.alert.findMany({
      where: alertWhere,
      orderBy: [{ lastUpdateTime: 'desc' }, { id: 'desc' }],
      take: INCIDENT_ALERT_LIMIT,
      select: {
        id: true,
        title: true,
        severity: true,
        severityRank: true,
        status: true,
        computerDnsName: true,
        relatedUser: true,
        alertCreationTime: true,
        lastUpdateTime: true,
      },
    }),
    db.alert.count({ where: alertWhere }),
    db.incident.findMany({ where: { tenantId, upstreamId }, orderBy: { source: 'asc' }, select: { source: true } }),
    redirectIncidentId
      ? db.incident.findFirst({
          where: { tenantId, upstreamId: redirectIncidentId, isPrimary: true },
          select: { id: true, name: true },
        })
      : null,
  ]);
  return {
    ...fields,
    id: String(fields.id),
    upstreamId,
    details: readIncidentDetails(payload),
    sources: sources.map((row) => row.source),
    redirect: redirectIncidentId
      ? {
          upstreamId: redirectIncidentId,
          stored: redirectTarget ? { id: String(redirectTarget.id), name: redirectTarget.name } : null,
        }
      : null,
    alerts: alerts.map((alert) => ({ ...alert, id: String(alert.id) })),
    storedAlertCount,
  };
});
