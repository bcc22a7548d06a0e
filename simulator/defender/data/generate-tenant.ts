import {
  CLOUD_APPS_TEMPLATES,
  ENDPOINT_TEMPLATES,
  FIRST_NAMES,
  GENERIC_FILES,
  INCIDENT_TAGS,
  LAST_NAMES,
  OS_PROFILES,
  RBAC_GROUPS,
  RECOMMENDED_ACTIONS,
  SENTINEL_TEMPLATES,
  SEVERITY_WEIGHTS,
  type AlertTemplate,
} from './catalog';
import { cloudAppsAlertId, endpointAlertId, sentinelAlertId, userSid } from './ids';
import type {
  AlertRecord,
  AlertStatus,
  Classification,
  Comment,
  Determination,
  Device,
  IncidentRecord,
  InvestigationState,
  Severity,
  TenantProfile,
  TenantUser,
} from './model';
import { Random } from './random';
import { TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_MINUTE, TICKS_PER_SECOND, type Ticks } from './ticks';

/** Everything generated for one tenant; `TenantData` adds indexes and mutation on top. */
export type TenantDataset = {
  profile: TenantProfile;
  devices: Device[];
  users: TenantUser[];
  /** UPNs that alerts and incidents get assigned to. */
  analysts: string[];
  alerts: AlertRecord[];
  incidents: IncidentRecord[];
  nextIncidentId: number;
  nextInvestigationId: number;
};

const RETENTION_DAYS = 30;
const SEVERITY_RANK: Record<Severity, number> = { UnSpecified: 0, Informational: 1, Low: 2, Medium: 3, High: 4 };
const AIR_SOURCES = new Set(['WindowsDefenderAtp', 'WindowsDefenderAv', 'AutomatedInvestigation', 'OfficeATP']);
/** Shared empty list: records replace their arrays on change and never push into them. */
const NONE: readonly never[] = Object.freeze([]);

const COMMENT_TEXTS = [
  'Looking into this now.',
  'Device isolated while we investigate.',
  'User confirmed they did not run this.',
  'Known admin tool, checking with the owner.',
  'Escalated to tier 2.',
  "Reset the user's password as a precaution.",
  'Matches the pen test scheduled this week.',
];

export function maxSeverity(severities: readonly Severity[]): Severity {
  return severities.reduce<Severity>((best, s) => (SEVERITY_RANK[s] > SEVERITY_RANK[best] ? s : best), 'Informational');
}

/** Seeded per tenant: the same (tenant id, seed, count, anchor) always yields the same data. */
export function randomFor(profile: TenantProfile, purpose: string): Random {
  return new Random(`canopy-defender|${profile.tenantId}|${profile.seed}|${purpose}`);
}

function netbiosName(domain: string): string {
  return (domain.split('.')[0] ?? domain).toUpperCase().slice(0, 15);
}

function generateUsers(profile: TenantProfile, random: Random, count: number): TenantUser[] {
  const domainPart = [
    random.int(100000000, 3999999999),
    random.int(100000000, 3999999999),
    random.int(100000000, 3999999999),
  ] as const;
  const taken = new Set<string>();
  const users: TenantUser[] = [];
  for (let i = 0; users.length < count && i < count * 4; i++) {
    const first = random.pick(FIRST_NAMES);
    const last = random.pick(LAST_NAMES);
    const accountName = `${first}.${last}`.toLowerCase();
    if (taken.has(accountName)) continue;
    taken.add(accountName);
    users.push({
      accountName,
      domainName: netbiosName(profile.domain),
      userPrincipalName: `${accountName}@${profile.domain}`,
      displayName: `${first} ${last}`,
      userSid: userSid(domainPart, 1100 + users.length),
      aadUserId: random.guid(),
    });
  }
  return users;
}

function generateDevices(profile: TenantProfile, random: Random, count: number): Device[] {
  const devices: Device[] = [];
  const rbacGroups = RBAC_GROUPS.slice(0, random.int(3, RBAC_GROUPS.length));
  for (let i = 0; i < count; i++) {
    const os = random.pick(OS_PROFILES);
    const rbacIndex = random.int(0, rbacGroups.length - 1);
    const host = `${os.hostPrefix}-${random.hex(6)}`;
    devices.push({
      machineId: random.hex(40),
      aadDeviceId: os.osPlatform.startsWith('Windows') && random.chance(0.7) ? random.guid() : null,
      computerDnsName: `${host}.${profile.domain}`,
      osPlatform: os.osPlatform,
      osBuild: os.osBuild,
      version: os.version,
      osProcessor: 'x64',
      healthStatus: random.weighted([
        ['Active', 85],
        ['Inactive', 10],
        ['ImpairedCommunication', 5],
      ] as const),
      riskScore: random.weighted([
        ['None', 15],
        ['Low', 30],
        ['Medium', 35],
        ['High', 20],
      ] as const),
      rbacGroupName: rbacGroups[rbacIndex]!,
      rbacGroupId: 10 + rbacIndex,
      firstSeen: profile.anchor - random.int(40, 700) * TICKS_PER_DAY + random.int(0, TICKS_PER_DAY),
      lastIpAddress: `10.${random.int(0, 255)}.${random.int(0, 255)}.${random.int(2, 254)}`,
      lastExternalIpAddress: `${random.int(20, 220)}.${random.int(0, 255)}.${random.int(0, 255)}.${random.int(2, 254)}`,
    });
  }
  return devices;
}

function pickSeverity(random: Random, allowed: readonly Severity[]): Severity {
  return random.weighted(SEVERITY_WEIGHTS.filter(([severity]) => allowed.includes(severity)));
}

export function pickClassification(random: Random): { classification: Classification; determination: Determination } {
  const classification = random.weighted<Classification>([
    ['TruePositive', 45],
    ['InformationalExpectedActivity', 20],
    ['FalsePositive', 35],
  ]);
  const determinations: Record<Classification, Determination[]> = {
    TruePositive: [
      'MultiStagedAttack',
      'MaliciousUserActivity',
      'CompromisedUser',
      'Malware',
      'Phishing',
      'UnwantedSoftware',
      'Other',
    ],
    InformationalExpectedActivity: ['SecurityTesting', 'LineOfBusinessApplication', 'ConfirmedUserActivity', 'Other'],
    FalsePositive: ['Clean', 'InsufficientData', 'Other'],
  };
  return { classification, determination: random.pick(determinations[classification]) };
}

function pickInvestigation(random: Random, resolved: boolean): InvestigationState {
  return resolved
    ? random.weighted<InvestigationState>([
        ['SuccessfullyRemediated', 40],
        ['Benign', 30],
        ['PartiallyRemediated', 10],
        ['TerminatedBySystem', 10],
        ['Failed', 5],
        ['TerminatedByUser', 5],
      ])
    : random.weighted<InvestigationState>([
        ['Running', 35],
        ['PendingApproval', 20],
        ['Queued', 20],
        ['PartiallyInvestigated', 15],
        ['PendingResource', 10],
      ]);
}

/** Last-update stamps are coarser (10 ms) than creation stamps, as in the docs' examples. */
function coarse(ticks: Ticks): Ticks {
  return ticks - (ticks % 100_000);
}

type IncidentPlan = { createdTime: Ticks; templates: AlertTemplate[]; redirectShell: boolean };

function planIncidents(profile: TenantProfile, random: Random): IncidentPlan[] {
  const window = RETENTION_DAYS * TICKS_PER_DAY;
  const plans: IncidentPlan[] = [];
  const createdTime = () => {
    // Recent days are busier: age = window * r^1.6 leans towards 0.
    const age = Math.floor(window * Math.pow(random.next(), 1.6));
    return profile.anchor - age - 2 * TICKS_PER_MINUTE - random.int(0, TICKS_PER_SECOND - 1);
  };
  let remaining = profile.alertCount;
  while (remaining > 0) {
    const size = Math.min(
      remaining,
      random.weighted([
        [1, 45],
        [2, 25],
        [3, 15],
        [4, 9],
        [5, 6],
      ] as const),
    );
    const templates = Array.from({ length: size }, () => random.pick(ENDPOINT_TEMPLATES));
    plans.push({ createdTime: createdTime(), templates, redirectShell: false });
    remaining -= size;
  }
  // Cloud Apps and Sentinel alerts on top (about one per twelve endpoint alerts): some join an
  // endpoint incident (multi-source incidents), the rest stand alone.
  const extras = Math.floor(profile.alertCount / 12);
  for (let i = 0; i < extras; i++) {
    const template = random.chance(0.5) ? random.pick(CLOUD_APPS_TEMPLATES) : random.pick(SENTINEL_TEMPLATES);
    const host = plans.length > 0 && random.chance(0.5) ? random.pick(plans) : undefined;
    if (host && host.templates.length < 5) host.templates.push(template);
    else plans.push({ createdTime: createdTime(), templates: [template], redirectShell: false });
  }
  // A few incidents were merged into others: they keep their id with status Redirected.
  const shells = Math.floor(plans.length / 40);
  for (let i = 0; i < shells; i++) plans.push({ createdTime: createdTime(), templates: [], redirectShell: true });
  return plans.sort((a, b) => a.createdTime - b.createdTime);
}

function makeComments(random: Random, analysts: readonly string[], from: Ticks, to: Ticks, count: number): Comment[] {
  const comments: Comment[] = [];
  for (let i = 0; i < count; i++) {
    comments.push({
      comment: random.pick(COMMENT_TEXTS),
      createdBy: random.pick(analysts),
      createdTime: from + Math.floor(((to - from) * (i + 1)) / (count + 1)),
    });
  }
  return comments;
}

export type NewAlertInput = {
  template: AlertTemplate;
  incidentId: number;
  creation: Ticks;
  device: Device | null;
  relatedUser: TenantUser | null;
  severity?: Severity;
};

/** One alert in its initial state (New, unassigned, updated seconds after creation). */
export function createAlert(
  dataset: Pick<TenantDataset, 'profile' | 'nextInvestigationId'>,
  random: Random,
  input: NewAlertInput,
): AlertRecord {
  const { template, creation } = input;
  const detectionSource = random.pick(template.detectionSources);
  const id =
    template.source === 'endpoint'
      ? endpointAlertId(creation, random)
      : template.source === 'cloudApps'
        ? cloudAppsAlertId(random)
        : sentinelAlertId(random);
  const firstEventTime = creation - random.int(5 * TICKS_PER_SECOND, 2 * TICKS_PER_HOUR);
  const lastEventTime = firstEventTime + Math.floor(random.next() * (creation - firstEventTime));
  const withInvestigation = AIR_SOURCES.has(detectionSource) && random.chance(0.55);
  return {
    id,
    source: template.source,
    incidentId: input.incidentId,
    investigationId: withInvestigation ? dataset.nextInvestigationId++ : null,
    investigationState: withInvestigation
      ? pickInvestigation(random, false)
      : random.weighted<InvestigationState | null>([
          ['UnsupportedAlertType', 40],
          ['UnsupportedOs', 15],
          ['PreexistingAlert', 10],
          ['SuppressedAlert', 5],
          [null, 30],
        ]),
    assignedTo: null,
    severity: input.severity ?? pickSeverity(random, template.severities),
    status: 'New',
    classification: null,
    determination: null,
    detectionSource,
    detectorId: detectorIdFor(template),
    category: template.category,
    title: template.title,
    description: template.description,
    recommendedActions: RECOMMENDED_ACTIONS[template.category] ?? RECOMMENDED_ACTIONS.default!,
    threatFamilyName: template.threatFamilyName ?? null,
    threatName: template.threatName ?? null,
    actorName: template.actorName ?? null,
    mitreTechniques: template.mitreTechniques,
    alertCreationTime: creation,
    firstEventTime,
    lastEventTime,
    lastUpdateTime: coarse(creation + random.int(TICKS_PER_SECOND, 90 * TICKS_PER_SECOND)),
    resolvedTime: null,
    device: input.device,
    relatedUser: input.relatedUser,
    comments: NONE,
    evidenceKinds: template.evidence,
    evidenceFile: template.fileName ?? random.pick(GENERIC_FILES),
  };
}

const detectorIds = new Map<string, string>();
/** One detector per alert kind, the same in every tenant (as a real detection rule would be). */
function detectorIdFor(template: AlertTemplate): string {
  let id = detectorIds.get(template.title);
  if (!id) {
    id = new Random(`detector|${template.title}`).guid();
    detectorIds.set(template.title, id);
  }
  return id;
}

export function incidentNameFor(alerts: readonly AlertRecord[]): string {
  if (alerts.length === 1) return alerts[0]!.title;
  const tactics = [...new Set(alerts.map((alert) => alert.category))]
    .slice(0, 2)
    .map((category) => category.replace(/([a-z])([A-Z])/g, '$1 $2'));
  const devices = new Set(alerts.map((alert) => alert.device?.machineId).filter(Boolean));
  const sources = new Set(alerts.map((alert) => alert.detectionSource));
  const where =
    devices.size > 1 ? 'on multiple endpoints' : devices.size === 1 ? 'on one endpoint' : 'involving one user';
  return `Multi-stage incident involving ${tactics.join(' & ')} ${where}${sources.size > 1 ? ' reported by multiple sources' : ''}`;
}

/**
 * Builds a tenant's alerts and incidents. Deterministic: every random choice comes from one
 * sequence seeded by the profile, consumed in a fixed order.
 */
export function generateTenant(profile: TenantProfile): TenantDataset {
  const random = randomFor(profile, 'base');
  const users = generateUsers(profile, random, Math.min(200, Math.max(3, Math.ceil(profile.alertCount / 8))));
  const devices = generateDevices(profile, random, Math.min(400, Math.max(3, Math.ceil(profile.alertCount / 5))));
  const analysts = generateUsers(profile, random, 3).map((user) => `soc.${user.userPrincipalName}`);
  const dataset: TenantDataset = {
    profile,
    devices,
    users,
    analysts,
    alerts: [],
    incidents: [],
    nextIncidentId: random.int(1000, 90000),
    nextInvestigationId: random.int(10000, 900000),
  };

  const plans = planIncidents(profile, random);
  for (const plan of plans) {
    const incidentId = dataset.nextIncidentId;
    dataset.nextIncidentId += random.int(1, 40);
    if (plan.redirectShell) {
      const target = dataset.incidents.length > 0 ? random.pick(dataset.incidents) : undefined;
      if (!target) continue;
      dataset.incidents.push({
        ...emptyIncident(incidentId, plan.createdTime),
        incidentName: target.incidentName,
        redirectIncidentId: target.incidentId,
        status: 'Redirected',
        severity: target.severity,
        lastUpdateTime: coarse(plan.createdTime + random.int(TICKS_PER_MINUTE, TICKS_PER_HOUR)),
      });
      continue;
    }

    const age = profile.anchor - plan.createdTime;
    const resolvedIncident = random.chance(0.12 + 0.5 * (age / (RETENTION_DAYS * TICKS_PER_DAY)));
    const analyst = random.chance(resolvedIncident ? 0.9 : 0.5) ? random.pick(analysts) : null;
    const device = random.pick(devices);
    const user = random.pick(users);
    const alerts: AlertRecord[] = [];
    let creation = plan.createdTime;
    for (const template of plan.templates) {
      const otherDevice = template.category === 'LateralMovement' && random.chance(0.5);
      const alert = createAlert(dataset, random, {
        template,
        incidentId,
        creation,
        device: template.source === 'endpoint' ? (otherDevice ? random.pick(devices) : device) : null,
        relatedUser: template.evidence.includes('User') || random.chance(0.6) ? user : null,
      });
      settleAlert(alert, random, {
        resolved: resolvedIncident || random.chance(0.08),
        analyst,
        analysts,
        anchor: profile.anchor,
      });
      alerts.push(alert);
      creation = Math.min(
        profile.anchor - TICKS_PER_MINUTE,
        creation + random.int(TICKS_PER_SECOND, 3 * TICKS_PER_HOUR),
      );
    }

    const incident = emptyIncident(incidentId, plan.createdTime - random.int(TICKS_PER_SECOND, 30 * TICKS_PER_SECOND));
    incident.incidentName = incidentNameFor(alerts);
    incident.description =
      alerts.length > 1
        ? `Correlated activity across ${alerts.length} alerts, first seen as "${alerts[0]!.title}".`
        : alerts[0]!.description;
    incident.alertIds = alerts.map((alert) => alert.id);
    incident.assignedTo = analyst;
    incident.lastModifiedBy = analyst ?? 'Microsoft 365 Defender-Correlation';
    incident.severity = maxSeverity(alerts.map((alert) => alert.severity));
    incident.status = alerts.every((alert) => alert.status === 'Resolved')
      ? 'Resolved'
      : alerts.some((alert) => alert.status === 'InProgress')
        ? 'InProgress'
        : 'Active';
    const classified = alerts.find((alert) => alert.classification !== null);
    if (incident.status === 'Resolved' && classified) {
      incident.classification = classified.classification!;
      incident.determination = classified.determination ?? 'NotAvailable';
    }
    const lastAlertUpdate = Math.max(...alerts.map((alert) => alert.lastUpdateTime));
    incident.lastUpdateTime = coarse(
      lastAlertUpdate + random.int(0, Math.min(5 * TICKS_PER_SECOND, profile.anchor - lastAlertUpdate)),
    );
    if (random.chance(0.15)) incident.tags = [random.pick(INCIDENT_TAGS)];
    if (random.chance(0.05)) incident.systemTags = ['Defender Experts'];
    if (analyst && random.chance(0.1))
      incident.comments = makeComments(random, [analyst], incident.createdTime, incident.lastUpdateTime, 1);
    dataset.incidents.push(incident);
    dataset.alerts.push(...alerts);
  }
  return dataset;
}

export function emptyIncident(incidentId: number, createdTime: Ticks): IncidentRecord {
  return {
    incidentId,
    redirectIncidentId: null,
    incidentName: '',
    description: '',
    createdTime,
    lastUpdateTime: createdTime,
    assignedTo: null,
    classification: 'Unknown',
    determination: 'NotAvailable',
    status: 'Active',
    severity: 'Informational',
    tags: NONE,
    systemTags: NONE,
    comments: NONE,
    lastModifiedBy: null,
    alertIds: NONE,
  };
}

/** Moves a freshly created alert to where its history has taken it by the anchor time. */
function settleAlert(
  alert: AlertRecord,
  random: Random,
  options: { resolved: boolean; analyst: string | null; analysts: readonly string[]; anchor: Ticks },
): void {
  const { anchor } = options;
  const room = Math.max(TICKS_PER_SECOND, anchor - alert.alertCreationTime - TICKS_PER_SECOND);
  alert.lastUpdateTime = Math.min(alert.lastUpdateTime, anchor);
  const status: AlertStatus = options.resolved
    ? 'Resolved'
    : options.analyst && random.chance(0.6)
      ? 'InProgress'
      : 'New';
  alert.status = status;
  alert.assignedTo = options.analyst;
  if (alert.investigationId !== null) alert.investigationState = pickInvestigation(random, status === 'Resolved');
  if (status === 'Resolved' && alert.investigationId !== null && alert.assignedTo === null)
    alert.assignedTo = 'Automation';
  if (status !== 'New' || options.analyst) {
    // Hours to days of triage, but never past the anchor (recent alerts get a share of what is left).
    const wanted = random.int(10 * TICKS_PER_MINUTE, 5 * TICKS_PER_DAY);
    const span = wanted < room ? wanted : Math.max(TICKS_PER_SECOND, Math.floor(room * (0.2 + 0.8 * random.next())));
    alert.lastUpdateTime = coarse(alert.alertCreationTime + span);
  }
  if (status === 'Resolved') {
    alert.resolvedTime = alert.lastUpdateTime;
    if (random.chance(0.9)) Object.assign(alert, pickClassification(random));
  } else if (random.chance(0.05)) {
    alert.classification = 'TruePositive';
  }
  if (random.chance(0.15)) {
    alert.comments = makeComments(
      random,
      alert.assignedTo && alert.assignedTo !== 'Automation' ? [alert.assignedTo] : options.analysts,
      alert.alertCreationTime,
      alert.lastUpdateTime,
      random.int(1, 3),
    );
  }
}
