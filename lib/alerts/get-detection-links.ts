import 'server-only';
import { getDb } from '@/lib/db/client';

/**
 * What an alert's page links to beyond the alert: every stored row of the same detection (one per
 * source that reported it; the primary one is what lists show) and the incident it belongs to
 * (the stored row shown for that number, if Canopy has it).
 */
export async function getDetectionLinks(alert: { tenantId: string; upstreamId: string; incidentId: string | null }) {
  const db = getDb();
  const [sources, incident] = await Promise.all([
    db.alert.findMany({
      where: { tenantId: alert.tenantId, upstreamId: alert.upstreamId },
      select: { id: true, source: true, isPrimary: true },
      // The shown row first, then the others in the enum's order (MDE, XDR, GRAPH).
      orderBy: [{ isPrimary: 'desc' }, { source: 'asc' }],
    }),
    alert.incidentId === null
      ? null
      : db.incident.findFirst({
          where: { tenantId: alert.tenantId, upstreamId: alert.incidentId, isPrimary: true },
          select: { id: true, name: true },
        }),
  ]);
  return {
    sources: sources.map((source) => ({ ...source, id: String(source.id) })),
    incident: incident ? { id: String(incident.id), name: incident.name } : null,
  };
}
