import type { Ticks } from './ticks';

/**
 * One simulated security world per tenant: alerts grouped into incidents, on devices and users of
 * that tenant. MDE, XDR and Graph are three projections of these records (see `../mde`, `../xdr`,
 * `../graph`), so a change made through one API is visible in the others, as in the real service.
 */

export const SEVERITIES = ['UnSpecified', 'Informational', 'Low', 'Medium', 'High'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const ALERT_STATUSES = ['Unknown', 'New', 'InProgress', 'Resolved'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

export const CLASSIFICATIONS = ['TruePositive', 'InformationalExpectedActivity', 'FalsePositive'] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];

/** §D3 spellings (alerts.md); the update page's synonyms are normalised to these on PATCH. */
export const DETERMINATIONS = [
  'MultiStagedAttack',
  'MaliciousUserActivity',
  'CompromisedUser',
  'Malware',
  'Phishing',
  'UnwantedSoftware',
  'SecurityTesting',
  'LineOfBusinessApplication',
  'ConfirmedUserActivity',
  'Clean',
  'InsufficientData',
  'Other',
  // Deprecated in August 2022 but still readable on old alerts.
  'Apt',
  'SecurityPersonnel',
] as const;
export type Determination = (typeof DETERMINATIONS)[number];

export const INCIDENT_STATUSES = ['Active', 'Resolved', 'InProgress', 'Redirected'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

export type InvestigationState =
  | 'Unknown'
  | 'Terminated'
  | 'SuccessfullyRemediated'
  | 'Benign'
  | 'Failed'
  | 'PartiallyRemediated'
  | 'Running'
  | 'PendingApproval'
  | 'PendingResource'
  | 'PartiallyInvestigated'
  | 'TerminatedByUser'
  | 'TerminatedBySystem'
  | 'Queued'
  | 'InnerFailure'
  | 'PreexistingAlert'
  | 'UnsupportedOs'
  | 'UnsupportedAlertType'
  | 'SuppressedAlert';

/** §D3 detection sources (MDE API spelling) plus the two non-endpoint sources seen in XDR/Graph. */
export type DetectionSource =
  | 'WindowsDefenderAtp'
  | 'WindowsDefenderAv'
  | 'WindowsDefenderSmartScreen'
  | 'CustomerTI'
  | 'CustomDetection'
  | 'AutomatedInvestigation'
  | 'MTP'
  | 'OfficeATP'
  | 'ThreatExperts'
  | 'ThirdPartySensors'
  | 'MCAS'
  | 'ScheduledAlerts';

/**
 * Which product raised the alert. Only `endpoint` alerts are in the MDE alerts API; Defender for
 * Cloud Apps and Sentinel alerts appear in XDR incidents and Graph only (Sentinel ones carry
 * Graph's evolvable enum members, which exercises `Prefer: include-unknown-enum-members`).
 */
export type AlertSource = 'endpoint' | 'cloudApps' | 'sentinel';

export type Comment = { comment: string; createdBy: string; createdTime: Ticks };

export type Device = {
  machineId: string;
  aadDeviceId: string | null;
  computerDnsName: string;
  osPlatform: string;
  osBuild: number;
  version: string;
  osProcessor: string;
  healthStatus: string;
  riskScore: string;
  rbacGroupName: string;
  rbacGroupId: number;
  firstSeen: Ticks;
  lastIpAddress: string;
  lastExternalIpAddress: string;
};

export type TenantUser = {
  accountName: string;
  /** NetBIOS-style domain, as in MDE's `relatedUser.domainName` ("CONTOSO"). */
  domainName: string;
  userPrincipalName: string;
  displayName: string;
  userSid: string;
  aadUserId: string;
};

export type AlertRecord = {
  id: string;
  source: AlertSource;
  incidentId: number;
  investigationId: number | null;
  investigationState: InvestigationState | null;
  assignedTo: string | null;
  severity: Severity;
  status: AlertStatus;
  classification: Classification | null;
  determination: Determination | null;
  detectionSource: DetectionSource;
  detectorId: string;
  category: string;
  title: string;
  description: string;
  recommendedActions: string;
  threatFamilyName: string | null;
  threatName: string | null;
  actorName: string | null;
  mitreTechniques: readonly string[];
  alertCreationTime: Ticks;
  firstEventTime: Ticks;
  lastEventTime: Ticks;
  lastUpdateTime: Ticks;
  resolvedTime: Ticks | null;
  device: Device | null;
  relatedUser: TenantUser | null;
  comments: readonly Comment[];
  /**
   * Evidence is derived on demand (only `$expand=evidence`, XDR and Graph need it) from these,
   * the alert id and the tenant seed, so alerts do not hold it in memory.
   */
  evidenceKinds: readonly EvidenceKind[];
  evidenceFile: string | null;
};

export type EvidenceKind = 'File' | 'Process' | 'User' | 'Ip' | 'Url' | 'Registry' | 'MailBox' | 'MailMessage';

export type IncidentClassification = 'Unknown' | Classification;
export type IncidentDetermination = 'NotAvailable' | Determination;

export type IncidentRecord = {
  incidentId: number;
  redirectIncidentId: number | null;
  incidentName: string;
  description: string;
  createdTime: Ticks;
  lastUpdateTime: Ticks;
  assignedTo: string | null;
  classification: IncidentClassification;
  determination: IncidentDetermination;
  status: IncidentStatus;
  severity: Severity;
  tags: readonly string[];
  systemTags: readonly string[];
  comments: readonly Comment[];
  /** Who changed the incident last (Graph's `lastModifiedBy`). */
  lastModifiedBy: string | null;
  /** Alert ids in creation order; empty for an incident redirected (merged) into another. */
  alertIds: readonly string[];
};

/** What a tenant's data is generated from. */
export type TenantProfile = {
  tenantId: string;
  displayName: string;
  /** First verified domain: device DNS names and user UPNs live under it. */
  domain: string;
  seed: string;
  /** Number of Defender for Endpoint alerts (the MDE list size before any change). */
  alertCount: number;
  /** Generated timestamps lie in the 30 days before this instant. */
  anchor: Ticks;
};
