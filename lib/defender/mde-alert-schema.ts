import { z } from 'zod';
import { severityRank, type AlertRow } from './alert-row';
import { defenderTimeToDate } from './defender-time';
import { numericId, optionalTime, parseListPage, text, time, type PageItemKey } from './list-page';

const processId = z
  .number()
  .int()
  .nullish()
  .transform((value) => value ?? null);

/** An evidence item; also the shape an XDR incident's alert `entities` are read into. */
export const evidenceSchema = z.object({
  entityType: z.string(),
  evidenceCreationTime: optionalTime,
  sha1: text,
  sha256: text,
  fileName: text,
  filePath: text,
  processId,
  processCommandLine: text,
  processCreationTime: optionalTime,
  parentProcessId: processId,
  parentProcessCreationTime: optionalTime,
  parentProcessFileName: text,
  parentProcessFilePath: text,
  ipAddress: text,
  url: text,
  registryKey: text,
  registryHive: text,
  registryValueType: text,
  registryValue: text,
  accountName: text,
  domainName: text,
  userSid: text,
  aadUserId: text,
  userPrincipalName: text,
  detectionStatus: text,
});

const commentSchema = z
  .object({ comment: text, createdBy: text, createdTime: optionalTime, createTime: optionalTime })
  .transform(({ comment, createdBy, createdTime, createTime }) => ({
    comment,
    createdBy,
    createdTime: createdTime ?? createTime,
  }));

/**
 * The Defender for Endpoint alert (reference §D3) as Canopy accepts it. Where the documentation
 * contradicts itself (§I2) both shapes are read: `mitreTechniques` as a list or one string,
 * `relatedUser` as an object or a string, a comment's `createdTime` or `createTime`.
 */
export const mdeAlertSchema = z.object({
  id: z.string().min(1),
  incidentId: numericId,
  investigationId: numericId,
  assignedTo: text,
  severity: z.string(),
  status: z.string(),
  classification: text,
  determination: text,
  investigationState: text,
  detectionSource: text,
  detectorId: text,
  category: text,
  threatFamilyName: text,
  title: z.string(),
  description: text,
  alertCreationTime: time,
  firstEventTime: optionalTime,
  lastEventTime: optionalTime,
  lastUpdateTime: time,
  resolvedTime: optionalTime,
  machineId: text,
  computerDnsName: text,
  rbacGroupName: text,
  aadTenantId: text,
  threatName: text,
  mitreTechniques: z
    .union([z.array(z.string()), z.string()])
    .nullish()
    .transform((value) => (typeof value === 'string' ? (value ? [value] : []) : (value ?? []))),
  relatedUser: z
    .union([z.object({ userName: text, domainName: text }), z.string()])
    .nullish()
    .transform((value) => (typeof value === 'string' ? { userName: value, domainName: null } : (value ?? null))),
  comments: z
    .array(commentSchema)
    .nullish()
    .transform((value) => value ?? []),
  evidence: z
    .array(evidenceSchema)
    .nullish()
    .transform((value) => value ?? []),
});

export type MdeAlert = z.output<typeof mdeAlertSchema>;

export type ParsedAlertItem = { key: PageItemKey } & (
  { alert: MdeAlert; problem: null } | { alert: null; problem: string }
);

/** One `GET /api/alerts` answer, validated item by item (list-page.ts). */
export function parseAlertPage(body: unknown): ParsedAlertItem[] {
  const page = parseListPage(body, {
    what: 'alerts',
    schema: mdeAlertSchema,
    idField: 'id',
    timeField: 'lastUpdateTime',
  });
  return page.items.map((parsed) =>
    parsed.item
      ? { key: parsed.key, alert: parsed.item, problem: null }
      : { key: parsed.key, alert: null, problem: parsed.problem },
  );
}

/** The row Canopy stores for an MDE alert; the whole validated alert is its payload. */
export function mdeAlertRow(alert: MdeAlert): AlertRow {
  const user = alert.relatedUser;
  const toDate = (value: string | null) => (value === null ? null : defenderTimeToDate(value));
  return {
    source: 'MDE',
    upstreamId: alert.id,
    title: alert.title,
    severity: alert.severity,
    severityRank: severityRank(alert.severity),
    status: alert.status,
    category: alert.category,
    classification: alert.classification,
    determination: alert.determination,
    detectionSource: alert.detectionSource,
    // The MDE API does not name the product (all its alerts are Defender for Endpoint's); `source` says MDE.
    serviceSource: null,
    assignedTo: alert.assignedTo,
    machineId: alert.machineId,
    computerDnsName: alert.computerDnsName,
    relatedUser: user?.userName ? (user.domainName ? `${user.domainName}\\${user.userName}` : user.userName) : null,
    incidentId: alert.incidentId,
    mitreTechniques: alert.mitreTechniques,
    firstActivity: toDate(alert.firstEventTime),
    lastActivity: toDate(alert.lastEventTime),
    alertCreationTime: defenderTimeToDate(alert.alertCreationTime),
    lastUpdateTime: defenderTimeToDate(alert.lastUpdateTime),
    resolvedTime: toDate(alert.resolvedTime),
    payload: alert,
  };
}
