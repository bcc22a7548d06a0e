import { z } from 'zod';
import { severityRank, type AlertRow } from './alert-row';
import { defenderTimeToDate } from './defender-time';
import { numericId, optionalTime, parseItem, stringList, text, time } from './list-page';
import { evidenceSchema } from './mde-alert-schema';
import type { IncidentRow } from './upsert-incidents';

const toDate = (value: string | null) => (value === null ? null : defenderTimeToDate(value));

/** A device of an XDR alert: the example's `mdatpDeviceId` (the table says `DeviceId`, §I4). */
const deviceSchema = z.looseObject({ mdatpDeviceId: text, deviceId: text, deviceDnsName: text });

/**
 * An alert inside a Defender XDR incident (reference §E1): `lastUpdatedTime` (sic), `creationTime`,
 * its devices, and its `entities`, read as Defender for Endpoint evidence (the same field names).
 * Checked one by one: a malformed alert is skipped and counted, its incident kept.
 */
export const xdrAlertSchema = z.object({
  alertId: z.string().min(1),
  incidentId: numericId,
  serviceSource: text,
  creationTime: time,
  lastUpdatedTime: time,
  resolvedTime: optionalTime,
  firstActivity: optionalTime,
  lastActivity: optionalTime,
  title: z.string(),
  description: text,
  category: text,
  status: z.string(),
  severity: z.string(),
  investigationId: numericId,
  investigationState: text,
  classification: text,
  determination: text,
  detectionSource: text,
  assignedTo: text,
  actorName: text,
  threatFamilyName: text,
  mitreTechniques: stringList,
  devices: z
    .array(deviceSchema)
    .nullish()
    .transform((value) => value ?? []),
  entities: z
    .array(z.looseObject({ entityType: z.string() }))
    .nullish()
    .transform((value) => value ?? []),
});

const commentSchema = z.object({ comment: text, createdBy: text, createdTime: optionalTime });

/** A Defender XDR incident (§E1); its alerts are validated apart (xdrAlertSchema). */
export const xdrIncidentSchema = z.object({
  incidentId: z.number().int().nonnegative(),
  redirectIncidentId: numericId,
  incidentName: z.string(),
  createdTime: time,
  lastUpdateTime: time,
  assignedTo: text,
  classification: text,
  determination: text,
  detectionSource: text,
  status: z.string(),
  severity: z.string(),
  tags: stringList,
  comments: z
    .array(commentSchema)
    .nullish()
    .transform((value) => value ?? []),
  alerts: z
    .array(z.unknown())
    .nullish()
    .transform((value) => value ?? []),
});

export type XdrIncident = z.output<typeof xdrIncidentSchema>;
type XdrAlert = z.output<typeof xdrAlertSchema>;

/** The incident's row and its alerts' rows; a malformed alert is counted, not stored. */
export function xdrIncidentRows(incident: XdrIncident): {
  incident: IncidentRow;
  alerts: AlertRow[];
  malformed: number;
} {
  const alerts: AlertRow[] = [];
  let malformed = 0;
  for (const raw of incident.alerts) {
    const parsed = parseItem(raw, { schema: xdrAlertSchema, idField: 'alertId', timeField: 'lastUpdatedTime' });
    if (parsed.item) alerts.push(xdrAlertRow(parsed.item, String(incident.incidentId)));
    else malformed++;
  }
  const { alerts: _alerts, ...payload } = incident;
  return {
    incident: {
      source: 'XDR',
      upstreamId: String(incident.incidentId),
      name: incident.incidentName,
      severity: incident.severity,
      severityRank: severityRank(incident.severity),
      status: incident.status,
      classification: incident.classification,
      determination: incident.determination,
      assignedTo: incident.assignedTo,
      tags: incident.tags,
      redirectIncidentId: incident.redirectIncidentId,
      alertCount: incident.alerts.length,
      webUrl: null,
      createdTime: defenderTimeToDate(incident.createdTime),
      lastUpdateTime: defenderTimeToDate(incident.lastUpdateTime),
      payload,
    },
    alerts,
    malformed,
  };
}

/**
 * The row of an alert seen inside an XDR incident. Its entities become the payload's `evidence`
 * (Defender for Endpoint's evidence shape, which names the same fields), so the detail page shows
 * them whichever source its row came from; an entity that does not fit is left out.
 */
export function xdrAlertRow(alert: XdrAlert, incidentId: string): AlertRow {
  const [device] = alert.devices;
  const user = alert.entities.find((entity) => entity.entityType === 'User');
  const userName = typeof user?.accountName === 'string' ? user.accountName : null;
  const domainName = typeof user?.domainName === 'string' ? user.domainName : null;
  const evidence = alert.entities.flatMap((entity) => {
    const parsed = evidenceSchema.safeParse(entity);
    return parsed.success ? [parsed.data] : [];
  });
  return {
    source: 'XDR',
    upstreamId: alert.alertId,
    title: alert.title,
    severity: alert.severity,
    severityRank: severityRank(alert.severity),
    status: alert.status,
    category: alert.category,
    classification: alert.classification,
    determination: alert.determination,
    detectionSource: alert.detectionSource,
    serviceSource: alert.serviceSource,
    assignedTo: alert.assignedTo,
    machineId: device?.mdatpDeviceId ?? device?.deviceId ?? null,
    computerDnsName: device?.deviceDnsName ?? null,
    relatedUser: userName ? (domainName ? `${domainName}\\${userName}` : userName) : null,
    incidentId: alert.incidentId ?? incidentId,
    mitreTechniques: alert.mitreTechniques,
    firstActivity: toDate(alert.firstActivity),
    lastActivity: toDate(alert.lastActivity),
    alertCreationTime: defenderTimeToDate(alert.creationTime),
    lastUpdateTime: defenderTimeToDate(alert.lastUpdatedTime),
    resolvedTime: toDate(alert.resolvedTime),
    payload: { ...alert, evidence },
  };
}
