import type {
  AlertRecord,
  Classification,
  Determination,
  IncidentClassification,
  IncidentDetermination,
  IncidentStatus,
  Severity,
} from '../data/model';

/**
 * Graph security enum wire values (camelCase, §E5). Members listed after `unknownFutureValue`
 * are "evolvable": Graph sends them only to clients that ask with
 * `Prefer: include-unknown-enum-members`, everyone else sees `unknownFutureValue`.
 */
export type GraphEnum = { members: readonly string[]; evolvable: ReadonlySet<string> };

function graphEnum(known: readonly string[], evolvable: readonly string[] = []): GraphEnum {
  return { members: [...known, 'unknownFutureValue', ...evolvable], evolvable: new Set(evolvable) };
}

export const ALERT_SEVERITY = graphEnum(['unknown', 'informational', 'low', 'medium', 'high']);
export const ALERT_STATUS = graphEnum(['unknown', 'new', 'inProgress', 'resolved']);
export const ALERT_CLASSIFICATION = graphEnum([
  'unknown',
  'falsePositive',
  'truePositive',
  'informationalExpectedActivity',
]);
export const ALERT_DETERMINATION = graphEnum([
  'unknown',
  'apt',
  'malware',
  'securityPersonnel',
  'securityTesting',
  'unwantedSoftware',
  'other',
  'multiStagedAttack',
  'compromisedAccount',
  'phishing',
  'maliciousUserActivity',
  'notMalicious',
  'notEnoughDataToValidate',
  'confirmedActivity',
  'lineOfBusinessApplication',
]);
export const SERVICE_SOURCE = graphEnum(
  [
    'unknown',
    'microsoftDefenderForEndpoint',
    'microsoftDefenderForIdentity',
    'microsoftDefenderForCloudApps',
    'microsoftDefenderForOffice365',
    'microsoft365Defender',
    'azureAdIdentityProtection',
    'microsoftAppGovernance',
    'dataLossPrevention',
  ],
  ['microsoftDefenderForCloud', 'microsoftSentinel', 'microsoftInsiderRiskManagement', 'microsoftThreatIntelligence'],
);
export const DETECTION_SOURCE = graphEnum(
  [
    'unknown',
    'microsoftDefenderForEndpoint',
    'antivirus',
    'smartScreen',
    'customTi',
    'microsoftDefenderForOffice365',
    'automatedInvestigation',
    'microsoftThreatExperts',
    'customDetection',
    'microsoftDefenderForIdentity',
    'cloudAppSecurity',
    'microsoft365Defender',
    'azureAdIdentityProtection',
    'manual',
    'microsoftDataLossPrevention',
    'appGovernancePolicy',
    'appGovernanceDetection',
  ],
  [
    'microsoftDefenderForCloud',
    'microsoftDefenderForIoT',
    'microsoftDefenderForServers',
    'microsoftDefenderForStorage',
    'microsoftDefenderForDNS',
    'microsoftDefenderForDatabases',
    'microsoftDefenderForContainers',
    'microsoftDefenderForNetwork',
    'microsoftDefenderForAppService',
    'microsoftDefenderForKeyVault',
    'microsoftDefenderForResourceManager',
    'microsoftDefenderForApiManagement',
    'nrtAlerts',
    'scheduledAlerts',
    'microsoftDefenderThreatIntelligenceAnalytics',
    'builtInMl',
    'microsoftInsiderRiskManagement',
    'microsoftThreatIntelligence',
    'microsoftSentinel',
  ],
);
export const INCIDENT_STATUS = graphEnum(['active', 'resolved', 'inProgress', 'redirected'], ['awaitingAction']);
export const REMEDIATION_STATUS = graphEnum(
  ['none', 'remediated', 'prevented', 'blocked', 'notFound'],
  ['active', 'pendingApproval', 'declined', 'unremediated', 'running', 'partiallyRemediated'],
);

/** What a member looks like on the wire for this request. */
export function wire(graphEnum: GraphEnum, value: string, includeEvolvable: boolean): string {
  return !includeEvolvable && graphEnum.evolvable.has(value) ? 'unknownFutureValue' : value;
}

const camel = (value: string) => value.charAt(0).toLowerCase() + value.slice(1);

export function graphSeverity(severity: Severity): string {
  return severity === 'UnSpecified' ? 'unknown' : camel(severity);
}

export function graphClassification(classification: Classification | IncidentClassification | null): string {
  return classification === null ? 'unknown' : camel(classification);
}

/** MDE determination names to Graph's metadata spellings (the docs' text spellings differ, §E5). */
const DETERMINATION_TO_GRAPH: Record<Determination, string> = {
  MultiStagedAttack: 'multiStagedAttack',
  MaliciousUserActivity: 'maliciousUserActivity',
  CompromisedUser: 'compromisedAccount',
  Malware: 'malware',
  Phishing: 'phishing',
  UnwantedSoftware: 'unwantedSoftware',
  SecurityTesting: 'securityTesting',
  LineOfBusinessApplication: 'lineOfBusinessApplication',
  ConfirmedUserActivity: 'confirmedActivity',
  Clean: 'notMalicious',
  InsufficientData: 'notEnoughDataToValidate',
  Other: 'other',
  Apt: 'apt',
  SecurityPersonnel: 'securityPersonnel',
};

export function graphDetermination(determination: Determination | IncidentDetermination | null): string {
  return determination === null || determination === 'NotAvailable' ? 'unknown' : DETERMINATION_TO_GRAPH[determination];
}

/** Graph PATCH bodies: metadata and doc-text spellings both accepted (§E5). */
export const DETERMINATION_FROM_GRAPH: Record<string, Determination | null> = {
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

export function graphIncidentStatus(status: IncidentStatus): string {
  return camel(status);
}

export function graphServiceSource(alert: AlertRecord): string {
  if (alert.source === 'cloudApps') return 'microsoftDefenderForCloudApps';
  if (alert.source === 'sentinel') return 'microsoftSentinel';
  if (alert.detectionSource === 'OfficeATP') return 'microsoftDefenderForOffice365';
  if (alert.detectionSource === 'MTP') return 'microsoft365Defender';
  return 'microsoftDefenderForEndpoint';
}

const DETECTION_TO_GRAPH: Record<AlertRecord['detectionSource'], string> = {
  WindowsDefenderAtp: 'microsoftDefenderForEndpoint',
  WindowsDefenderAv: 'antivirus',
  WindowsDefenderSmartScreen: 'smartScreen',
  CustomerTI: 'customTi',
  CustomDetection: 'customDetection',
  AutomatedInvestigation: 'automatedInvestigation',
  MTP: 'microsoft365Defender',
  OfficeATP: 'microsoftDefenderForOffice365',
  ThreatExperts: 'microsoftThreatExperts',
  // No Graph member for partner sensors.
  ThirdPartySensors: 'unknown',
  MCAS: 'cloudAppSecurity',
  ScheduledAlerts: 'scheduledAlerts',
};

export function graphDetectionSource(alert: AlertRecord): string {
  return DETECTION_TO_GRAPH[alert.detectionSource];
}

export function graphProductName(alert: AlertRecord): string {
  if (alert.source === 'cloudApps') return 'Microsoft Defender for Cloud Apps';
  if (alert.source === 'sentinel') return 'Microsoft Sentinel';
  if (alert.detectionSource === 'OfficeATP') return 'Microsoft Defender for Office 365';
  return 'Microsoft Defender for Endpoint';
}
