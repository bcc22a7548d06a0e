import 'server-only';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { z } from 'zod';
import { getDb } from '@/lib/db/client';
import { mdeAlertSchema } from '@/lib/defender/mde-alert-schema';
import { getDetectionLinks } from './get-detection-links';
import { readGraphEvidence } from './graph-evidence';

/**
 * What the detail page reads of a stored payload, whichever source it came from: Defender for
 * Endpoint's alert, an XDR incident's alert (its entities stored as evidence of the same shape) or
 * Graph's (comments read without their author's field name; its evidence, of another shape, is
 * read by graph-evidence.ts).
 */
const alertDetailsSchema = mdeAlertSchema
  .pick({ description: true, threatName: true, investigationState: true, comments: true })
  .extend({ evidence: mdeAlertSchema.shape.evidence.catch([]) });

export type AlertDetails = z.output<typeof alertDetailsSchema>;

/**
 * One stored alert with its tenant, its validated payload, and its detection's sources and
 * incident (get-detection-links.ts); an id that is not one answers 404. Cached per request
 * (React `cache`): the page and its generateMetadata read it once.
 */
export const getAlertOrThrow = cache(async (id: string) => {
  if (!/^\d{1,18}$/.test(id)) notFound();
  const alert = await getDb().alert.findUnique({
    where: { id: BigInt(id) },
    select: {
      id: true,
      source: true,
      upstreamId: true,
      title: true,
      severity: true,
      status: true,
      category: true,
      classification: true,
      determination: true,
      detectionSource: true,
      assignedTo: true,
      machineId: true,
      computerDnsName: true,
      relatedUser: true,
      incidentId: true,
      mitreTechniques: true,
      firstActivity: true,
      lastActivity: true,
      alertCreationTime: true,
      lastUpdateTime: true,
      resolvedTime: true,
      syncedAt: true,
      payload: true,
      tenant: { select: { id: true, displayName: true, entraTenantId: true } },
    },
  });
  if (!alert) notFound();
  const links = await getDetectionLinks({
    tenantId: alert.tenant.id,
    upstreamId: alert.upstreamId,
    incidentId: alert.incidentId,
  });
  const { payload, ...fields } = alert;
  // Stored after validation; read again so the page gets typed evidence and comments.
  const parsed = alertDetailsSchema.safeParse(payload);
  const details: AlertDetails | null = !parsed.success
    ? null
    : alert.source === 'GRAPH'
      ? { ...parsed.data, evidence: readGraphEvidence((payload as { evidence?: unknown }).evidence) }
      : parsed.data;
  // Graph's alerts carry Microsoft's own link; the MDE API's do not (the schema keeps only its fields).
  const alertWebUrl =
    typeof payload === 'object' && payload !== null && 'alertWebUrl' in payload ? payload.alertWebUrl : null;
  return {
    ...fields,
    id: String(fields.id),
    details,
    alertWebUrl,
    ...links,
  };
});
