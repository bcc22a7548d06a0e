import { z } from 'zod';
import { severityRank, type AlertRow } from './alert-row';
import { defenderTimeToDate, normalizeDefenderTime } from './defender-time';
import { SyncError } from './sync-error';

/**
 * The Defender for Endpoint alert (reference §D3) as Canopy accepts it. Enumerations (severity,
 * status, classification, determination, …) are plain strings: Microsoft adds members, and an
 * unknown one is kept as it came. Where the documentation contradicts itself (§I2) both shapes are
 * read: `mitreTechniques` as a list or one string, `relatedUser` as an object or a string, a
 * comment's `createdTime` or `createTime`. Absent optional fields read as null.
 */
const time = z.string().transform((value, ctx) => {
  const normalized = normalizeDefenderTime(value);
  if (normalized === null) {
    ctx.addIssue({ code: 'custom', message: 'not a DateTimeOffset' });
    return z.NEVER;
  }
  return normalized;
});
const optionalTime = time.nullish().transform((value) => value ?? null);
const text = z
  .string()
  .nullish()
  .transform((value) => value ?? null);
/** MDE sends ids as JSON numbers (longs); Canopy keeps them as text. */
const numericId = z
  .union([z.number().int().nonnegative(), z.string().regex(/^\d+$/)])
  .nullish()
  .transform((value) => (value === null || value === undefined ? null : String(value)));
const processId = z
  .number()
  .int()
  .nullish()
  .transform((value) => value ?? null);

const evidenceSchema = z.object({
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

/** What paging needs of an item, read leniently: a malformed item still has a place in the order. */
export type PageItemKey = { id: string | null; lastUpdateTime: string | null };

export type ParsedAlertItem = { key: PageItemKey } & (
  { alert: MdeAlert; problem: null } | { alert: null; problem: string }
);

const pageSchema = z.object({ value: z.array(z.unknown()) });

/**
 * Validates one list answer (`{"@odata.context": …, "value": [...]}`). Each item is checked on its
 * own: a malformed one comes back with its problem, to be skipped and counted. An answer without a
 * `value` list is not a page at all: a SyncError that fails the run.
 */
export function parseAlertPage(body: unknown): ParsedAlertItem[] {
  const page = pageSchema.safeParse(body);
  if (!page.success) {
    throw new SyncError('unexpected-answer', {
      detail: 'the alerts list answer has no "value" array of items',
    });
  }
  return page.data.value.map((raw) => {
    const key = itemKey(raw);
    const parsed = mdeAlertSchema.safeParse(raw);
    if (parsed.success) return { key, alert: parsed.data, problem: null };
    return { key, alert: null, problem: describeIssues(parsed.error) };
  });
}

function itemKey(raw: unknown): PageItemKey {
  const item = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  return {
    id: typeof item.id === 'string' && item.id ? item.id : null,
    lastUpdateTime: typeof item.lastUpdateTime === 'string' ? normalizeDefenderTime(item.lastUpdateTime) : null,
  };
}

/** Field paths and messages only: never the values, which come from the customer's tenant. */
function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(item)'}: ${issue.message}`)
    .join('; ');
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
