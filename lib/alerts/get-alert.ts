import 'server-only';
import { notFound } from 'next/navigation';
import { getDb } from '@/lib/db/client';
import { mdeAlertSchema, type MdeAlert } from '@/lib/defender/mde-alert-schema';

/** One stored alert with its tenant and validated payload; an id that is not one answers 404. */
export async function getAlertOrThrow(id: string) {
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
  const { payload, ...fields } = alert;
  // Stored after validation with this schema; read again so the page gets typed evidence and comments.
  const parsed = mdeAlertSchema.safeParse(payload);
  const details: MdeAlert | null = parsed.success ? parsed.data : null;
  // Graph's alerts carry Microsoft's own link; the MDE API's do not (the schema keeps only its fields).
  const alertWebUrl =
    typeof payload === 'object' && payload !== null && 'alertWebUrl' in payload ? payload.alertWebUrl : null;
  return { ...fields, id: String(fields.id), details, alertWebUrl };
}
