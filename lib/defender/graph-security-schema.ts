import { z } from 'zod';
import { severityRank, type AlertRow } from './alert-row';
import { defenderTimeToDate } from './defender-time';
import { optionalTime, stringList, text, time } from './list-page';
import type { IncidentRow } from './upsert-incidents';

/**
 * Graph's enum members (camelCase, reference §E5) in the spelling Defender for Endpoint and XDR
 * use, so that one detection reads the same whichever source its row came from. Only documented
 * members with a Defender counterpart are translated (an incident's as XDR spells them); anything else (an evolvable member such as
 * `awaitingAction`, `unknownFutureValue`, a member added later) is kept exactly as it came. Graph's
 * `unknown` classification and determination mean "not set": null on an alert, as Defender for
 * Endpoint says it, and XDR's `Unknown`/`NotAvailable` on an incident.
 */
const SEVERITY: Record<string, string> = {
  unknown: 'UnSpecified',
  informational: 'Informational',
  low: 'Low',
  medium: 'Medium',
  high: 'High',
};
const ALERT_STATUS: Record<string, string> = {
  unknown: 'Unknown',
  new: 'New',
  inProgress: 'InProgress',
  resolved: 'Resolved',
};
const INCIDENT_STATUS: Record<string, string> = {
  active: 'Active',
  resolved: 'Resolved',
  inProgress: 'InProgress',
  redirected: 'Redirected',
};
const CLASSIFICATION: Record<string, string | null> = {
  unknown: null,
  falsePositive: 'FalsePositive',
  truePositive: 'TruePositive',
  informationalExpectedActivity: 'InformationalExpectedActivity',
};
/** Both spellings of §E5: the metadata's (`compromisedAccount`) and the doc text's (`compromisedUser`). */
const DETERMINATION: Record<string, string | null> = {
  unknown: null,
  apt: 'Apt',
  malware: 'Malware',
  securityPersonnel: 'SecurityPersonnel',
  securityTesting: 'SecurityTesting',
  unwantedSoftware: 'UnwantedSoftware',
  other: 'Other',
  multiStagedAttack: 'MultiStagedAttack',
  compromisedAccount: 'CompromisedUser',
  compromisedUser: 'CompromisedUser',
  phishing: 'Phishing',
  maliciousUserActivity: 'MaliciousUserActivity',
  notMalicious: 'Clean',
  clean: 'Clean',
  notEnoughDataToValidate: 'InsufficientData',
  insufficientData: 'InsufficientData',
  confirmedActivity: 'ConfirmedUserActivity',
  confirmedUserActivity: 'ConfirmedUserActivity',
  lineOfBusinessApplication: 'LineOfBusinessApplication',
};

/** XDR says an incident's unset classification and determination with words, not null (§E1). */
const INCIDENT_CLASSIFICATION = { ...CLASSIFICATION, unknown: 'Unknown' };
const INCIDENT_DETERMINATION = { ...DETERMINATION, unknown: 'NotAvailable' };

function translate(table: Record<string, string | null>, value: string): string | null {
  return Object.hasOwn(table, value) ? table[value]! : value;
}
const translated = (table: Record<string, string>, value: string) => translate(table, value)!;
const optionalTranslated = (table: Record<string, string | null>, value: string | null) =>
  value === null ? null : translate(table, value);

const toDate = (value: string | null) => (value === null ? null : defenderTimeToDate(value));

/** What Canopy reads of an evidence item: its type, and where it names a device or a user. */
const evidenceSchema = z.looseObject({
  '@odata.type': z.string().optional(),
  mdeDeviceId: text,
  deviceDnsName: text,
  userAccount: z.looseObject({ accountName: text, domainName: text }).nullish(),
});

/**
 * Graph `security/alerts_v2` (§E3) as Canopy accepts it; the row's payload is the item as it came
 * (wire values), its columns use the Defender spellings.
 */
export const graphAlertSchema = z.looseObject({
  id: z.string().min(1),
  incidentId: text,
  status: z.string(),
  severity: z.string(),
  classification: text,
  determination: text,
  serviceSource: text,
  detectionSource: text,
  title: z.string(),
  category: text,
  assignedTo: text,
  alertWebUrl: text,
  mitreTechniques: stringList,
  createdDateTime: time,
  lastUpdateDateTime: time,
  resolvedDateTime: optionalTime,
  firstActivityDateTime: optionalTime,
  lastActivityDateTime: optionalTime,
  evidence: z
    .array(evidenceSchema)
    .nullish()
    .transform((value) => value ?? []),
});

/** Graph `security/incidents` (§E4), without `$expand=alerts`. */
export const graphIncidentSchema = z.looseObject({
  id: z.string().regex(/^\d+$/),
  displayName: z.string(),
  incidentWebUrl: text,
  redirectIncidentId: text,
  createdDateTime: time,
  lastUpdateDateTime: time,
  assignedTo: text,
  classification: text,
  determination: text,
  status: z.string(),
  severity: z.string(),
  customTags: stringList,
  systemTags: stringList,
});

type GraphAlert = z.output<typeof graphAlertSchema>;
type GraphIncident = z.output<typeof graphIncidentSchema>;

export function graphAlertRow(alert: GraphAlert, raw: unknown): AlertRow {
  const device = alert.evidence.find((item) => item.mdeDeviceId || item.deviceDnsName);
  const user = alert.evidence.find((item) => item.userAccount?.accountName)?.userAccount;
  const severity = translated(SEVERITY, alert.severity);
  return {
    source: 'GRAPH',
    upstreamId: alert.id,
    title: alert.title,
    severity,
    severityRank: severityRank(severity),
    status: translated(ALERT_STATUS, alert.status),
    category: alert.category,
    classification: optionalTranslated(CLASSIFICATION, alert.classification),
    determination: optionalTranslated(DETERMINATION, alert.determination),
    detectionSource: alert.detectionSource,
    serviceSource: alert.serviceSource,
    assignedTo: alert.assignedTo,
    machineId: device?.mdeDeviceId ?? null,
    computerDnsName: device?.deviceDnsName ?? null,
    relatedUser: user?.accountName
      ? user.domainName
        ? `${user.domainName}\\${user.accountName}`
        : user.accountName
      : null,
    incidentId: alert.incidentId,
    mitreTechniques: alert.mitreTechniques,
    firstActivity: toDate(alert.firstActivityDateTime),
    lastActivity: toDate(alert.lastActivityDateTime),
    alertCreationTime: defenderTimeToDate(alert.createdDateTime),
    lastUpdateTime: defenderTimeToDate(alert.lastUpdateDateTime),
    resolvedTime: toDate(alert.resolvedDateTime),
    payload: raw as object,
  };
}

export function graphIncidentRow(incident: GraphIncident, raw: unknown): IncidentRow {
  const severity = translated(SEVERITY, incident.severity);
  const { alerts: _alerts, ...payload } = raw as Record<string, unknown>;
  return {
    source: 'GRAPH',
    upstreamId: incident.id,
    name: incident.displayName,
    severity,
    severityRank: severityRank(severity),
    status: translated(INCIDENT_STATUS, incident.status),
    classification: optionalTranslated(INCIDENT_CLASSIFICATION, incident.classification),
    determination: optionalTranslated(INCIDENT_DETERMINATION, incident.determination),
    assignedTo: incident.assignedTo,
    tags: [...incident.customTags, ...incident.systemTags],
    redirectIncidentId: incident.redirectIncidentId,
    // Read without `$expand=alerts` (§E4): its alerts are the alerts_v2 rows with its incidentId.
    alertCount: 0,
    webUrl: incident.incidentWebUrl,
    createdTime: defenderTimeToDate(incident.createdDateTime),
    lastUpdateTime: defenderTimeToDate(incident.lastUpdateDateTime),
    payload,
  };
}
