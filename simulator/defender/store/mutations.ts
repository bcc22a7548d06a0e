import { CLOUD_APPS_TEMPLATES, ENDPOINT_TEMPLATES, SENTINEL_TEMPLATES, type AlertTemplate } from '../data/catalog';
import { createAlert, emptyIncident, incidentNameFor, maxSeverity } from '../data/generate-tenant';
import type {
  AlertRecord,
  AlertStatus,
  Classification,
  Determination,
  IncidentClassification,
  IncidentDetermination,
  IncidentRecord,
  IncidentStatus,
  Severity,
} from '../data/model';
import type { Random } from '../data/random';
import { TICKS_PER_HOUR, TICKS_PER_SECOND, type Ticks } from '../data/ticks';
import type { TenantData } from './tenant-data';

/** Changes to an alert, whichever API they came through (MDE PATCH/batch, Graph PATCH, control). */
export type AlertChanges = {
  status?: AlertStatus;
  assignedTo?: string | null;
  classification?: Classification | null;
  determination?: Determination | null;
  comment?: string;
  /** Control API only. */
  severity?: Severity;
  title?: string;
};

export type IncidentChanges = {
  status?: IncidentStatus;
  assignedTo?: string | null;
  classification?: IncidentClassification;
  determination?: IncidentDetermination;
  tags?: string[];
  comment?: string;
};

/**
 * Applies changes and stamps `lastUpdateTime` (any accepted write counts as an update, even one
 * that sets a value it already had), then brings the alert's incident in line.
 */
export function changeAlert(
  data: TenantData,
  alert: AlertRecord,
  changes: AlertChanges,
  at: Ticks,
  actor: string,
): void {
  if (changes.status !== undefined && changes.status !== alert.status) {
    alert.status = changes.status;
    alert.resolvedTime = changes.status === 'Resolved' ? at : null;
  }
  if (changes.assignedTo !== undefined) alert.assignedTo = changes.assignedTo;
  if (changes.classification !== undefined) alert.classification = changes.classification;
  if (changes.determination !== undefined) alert.determination = changes.determination;
  if (changes.severity !== undefined) alert.severity = changes.severity;
  if (changes.title !== undefined) alert.title = changes.title;
  if (changes.comment !== undefined)
    alert.comments = [...alert.comments, { comment: changes.comment, createdBy: actor, createdTime: at }];
  data.touchAlert(alert, at);
  const incident = data.incidentsById.get(alert.incidentId);
  if (incident) syncIncident(data, incident, at);
}

/**
 * An incident follows its alerts: severity is the highest alert severity; it resolves when its
 * last alert resolves and becomes active again when a resolved incident gets a new open alert.
 */
export function syncIncident(data: TenantData, incident: IncidentRecord, at: Ticks): void {
  if (incident.status === 'Redirected') return;
  const alerts = data.alertsOf(incident);
  if (alerts.length > 0) {
    incident.severity = maxSeverity(alerts.map((alert) => alert.severity));
    const allResolved = alerts.every((alert) => alert.status === 'Resolved');
    if (allResolved) incident.status = 'Resolved';
    else if (incident.status === 'Resolved') incident.status = 'Active';
  }
  data.touchIncident(incident, at);
}

/**
 * Incident changes as XDR and Graph apply them: resolving an incident resolves its alerts, and
 * assigning it assigns its alerts (what the Defender portal does).
 */
export function changeIncident(
  data: TenantData,
  incident: IncidentRecord,
  changes: IncidentChanges,
  at: Ticks,
  actor: string,
): void {
  if (changes.status !== undefined) incident.status = changes.status;
  if (changes.assignedTo !== undefined) incident.assignedTo = changes.assignedTo;
  if (changes.classification !== undefined) incident.classification = changes.classification;
  if (changes.determination !== undefined) incident.determination = changes.determination;
  if (changes.tags !== undefined) incident.tags = [...changes.tags];
  if (changes.comment !== undefined)
    incident.comments = [...incident.comments, { comment: changes.comment, createdBy: actor, createdTime: at }];
  incident.lastModifiedBy = actor;
  for (const alert of data.alertsOf(incident)) {
    const resolve = changes.status === 'Resolved' && alert.status !== 'Resolved';
    const assign = changes.assignedTo !== undefined && alert.assignedTo !== changes.assignedTo;
    if (!resolve && !assign) continue;
    if (resolve) {
      alert.status = 'Resolved';
      alert.resolvedTime = at;
    }
    if (assign) alert.assignedTo = changes.assignedTo!;
    data.touchAlert(alert, at);
  }
  data.touchIncident(incident, at);
}

export type NewAlertOptions = {
  /** Join this incident instead of opening a new one (ignored if it does not exist). */
  incidentId?: number;
  severity?: Severity;
  /** Template title; otherwise one is drawn. */
  title?: string;
  source?: AlertRecord['source'];
};

function templateFor(random: Random, options: NewAlertOptions): AlertTemplate {
  const all = [...ENDPOINT_TEMPLATES, ...CLOUD_APPS_TEMPLATES, ...SENTINEL_TEMPLATES];
  const byTitle = options.title ? all.find((template) => template.title === options.title) : undefined;
  if (byTitle) return byTitle;
  if (options.source === 'cloudApps') return random.pick(CLOUD_APPS_TEMPLATES);
  if (options.source === 'sentinel') return random.pick(SENTINEL_TEMPLATES);
  if (options.source === 'endpoint') return random.pick(ENDPOINT_TEMPLATES);
  const source = random.weighted([
    ['endpoint', 90],
    ['cloudApps', 5],
    ['sentinel', 5],
  ] as const);
  return random.pick(
    source === 'endpoint' ? ENDPOINT_TEMPLATES : source === 'cloudApps' ? CLOUD_APPS_TEMPLATES : SENTINEL_TEMPLATES,
  );
}

/** A new alert arriving at `at`, in a new incident or an open one; returns it. */
export function addNewAlert(data: TenantData, random: Random, at: Ticks, options: NewAlertOptions = {}): AlertRecord {
  const template = templateFor(random, options);
  let incident = options.incidentId !== undefined ? data.incidentsById.get(options.incidentId) : undefined;
  if (incident?.status === 'Redirected') incident = undefined;
  const existing = incident ? data.alertsOf(incident) : [];
  const device =
    template.source === 'endpoint'
      ? (existing.find((alert) => alert.device)?.device ?? random.pick(data.devices))
      : null;
  const user = existing.find((alert) => alert.relatedUser)?.relatedUser ?? random.pick(data.users);
  const creation = at - random.int(0, TICKS_PER_SECOND - 1);
  const isNew = !incident;
  if (!incident) {
    incident = emptyIncident(data.nextIncidentId, creation - random.int(0, TICKS_PER_SECOND - 1));
    data.nextIncidentId += random.int(1, 40);
  }
  const alert = createAlert(data, random, {
    template,
    incidentId: incident.incidentId,
    creation,
    device,
    relatedUser: template.evidence.includes('User') || random.chance(0.6) ? user : null,
    severity: options.severity,
  });
  alert.lastUpdateTime = at;
  data.addAlert(alert);
  incident.alertIds = [...incident.alertIds, alert.id];
  incident.incidentName = incidentNameFor(data.alertsOf(incident));
  if (isNew) {
    incident.description = alert.description;
    incident.lastModifiedBy = 'Microsoft 365 Defender-Correlation';
    incident.lastUpdateTime = at;
    data.addIncident(incident);
  }
  syncIncident(data, incident, at);
  return alert;
}

/** Open incidents a new alert may join: updated in the last two days, fewer than five alerts. */
export function joinableIncidents(data: TenantData, at: Ticks): IncidentRecord[] {
  const list = data.incidentsByUpdate;
  const out: IncidentRecord[] = [];
  for (let i = list.lowerBound(at - 48 * TICKS_PER_HOUR); i < list.length; i++) {
    const incident = list.at(i);
    if ((incident.status === 'Active' || incident.status === 'InProgress') && incident.alertIds.length < 5)
      out.push(incident);
  }
  return out;
}
