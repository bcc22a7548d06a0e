import type { AlertRecord, IncidentRecord } from '../data/model';
import { formatTicks } from '../data/ticks';
import type { TenantData } from '../store/tenant-data';
import {
  ALERT_CLASSIFICATION,
  ALERT_DETERMINATION,
  ALERT_SEVERITY,
  ALERT_STATUS,
  DETECTION_SOURCE,
  INCIDENT_STATUS,
  SERVICE_SOURCE,
  graphClassification,
  graphDetectionSource,
  graphDetermination,
  graphIncidentStatus,
  graphProductName,
  graphServiceSource,
  graphSeverity,
  wire,
} from './enums';
import { graphEvidence } from './evidence-wire';

/** Per-request rendering options: the origin for web URLs, and the Prefer header's choice. */
export type GraphView = { origin: string; includeEvolvable: boolean };

const time = (ticks: number | null) => (ticks === null ? null : formatTicks(ticks));

export function alertWebUrl(view: GraphView, tenantId: string, alertId: string): string {
  return `${view.origin}/portal/alerts/${encodeURIComponent(alertId)}?tid=${tenantId}`;
}

export function incidentWebUrl(view: GraphView, tenantId: string, incidentId: number): string {
  return `${view.origin}/portal/incidents/${incidentId}?tid=${tenantId}`;
}

/** `microsoft.graph.security.alert` (§E3), every property of graph-types 2.43.1. */
export function graphAlert(data: TenantData, alert: AlertRecord, view: GraphView) {
  const tenantId = data.profile.tenantId;
  const evolvable = view.includeEvolvable;
  return {
    '@odata.type': '#microsoft.graph.security.alert',
    id: alert.id,
    providerAlertId: alert.id,
    incidentId: String(alert.incidentId),
    status: wire(ALERT_STATUS, alert.status.charAt(0).toLowerCase() + alert.status.slice(1), evolvable),
    severity: wire(ALERT_SEVERITY, graphSeverity(alert.severity), evolvable),
    classification: wire(ALERT_CLASSIFICATION, graphClassification(alert.classification), evolvable),
    determination: wire(ALERT_DETERMINATION, graphDetermination(alert.determination), evolvable),
    serviceSource: wire(SERVICE_SOURCE, graphServiceSource(alert), evolvable),
    detectionSource: wire(DETECTION_SOURCE, graphDetectionSource(alert), evolvable),
    productName: graphProductName(alert),
    detectorId: alert.detectorId,
    tenantId,
    title: alert.title,
    description: alert.description,
    recommendedActions: alert.recommendedActions,
    category: alert.category,
    assignedTo: alert.assignedTo,
    alertWebUrl: alertWebUrl(view, tenantId, alert.id),
    incidentWebUrl: incidentWebUrl(view, tenantId, alert.incidentId),
    actorDisplayName: alert.actorName,
    threatDisplayName: alert.threatName,
    threatFamilyName: alert.threatFamilyName,
    mitreTechniques: alert.mitreTechniques,
    createdDateTime: formatTicks(alert.alertCreationTime),
    lastUpdateDateTime: formatTicks(alert.lastUpdateTime),
    resolvedDateTime: time(alert.resolvedTime),
    firstActivityDateTime: formatTicks(alert.firstEventTime),
    lastActivityDateTime: formatTicks(alert.lastEventTime),
    alertPolicyId: null,
    comments: alert.comments.map((comment) => ({
      comment: comment.comment,
      createdByDisplayName: comment.createdBy,
      createdDateTime: formatTicks(comment.createdTime),
    })),
    evidence: graphEvidence(data, alert, evolvable),
    systemTags: [],
    additionalData: {},
    customDetails: {},
  };
}

/** `microsoft.graph.security.incident` (§E4); `alerts` only with `$expand=alerts`. */
export function graphIncident(data: TenantData, incident: IncidentRecord, view: GraphView, withAlerts: boolean) {
  const tenantId = data.profile.tenantId;
  const evolvable = view.includeEvolvable;
  return {
    '@odata.type': '#microsoft.graph.security.incident',
    id: String(incident.incidentId),
    incidentWebUrl: incidentWebUrl(view, tenantId, incident.incidentId),
    redirectIncidentId: incident.redirectIncidentId === null ? null : String(incident.redirectIncidentId),
    tenantId,
    displayName: incident.incidentName,
    description: incident.description || null,
    summary: null,
    createdDateTime: formatTicks(incident.createdTime),
    lastUpdateDateTime: formatTicks(incident.lastUpdateTime),
    lastModifiedBy: incident.lastModifiedBy,
    assignedTo: incident.assignedTo,
    classification: wire(ALERT_CLASSIFICATION, graphClassification(incident.classification), evolvable),
    determination: wire(ALERT_DETERMINATION, graphDetermination(incident.determination), evolvable),
    status: wire(INCIDENT_STATUS, graphIncidentStatus(incident.status), evolvable),
    severity: wire(ALERT_SEVERITY, graphSeverity(incident.severity), evolvable),
    customTags: incident.tags,
    systemTags: incident.systemTags,
    resolvingComment: null,
    comments: incident.comments.map((comment) => ({
      comment: comment.comment,
      createdByDisplayName: comment.createdBy,
      createdDateTime: formatTicks(comment.createdTime),
    })),
    ...(withAlerts ? { alerts: data.alertsOf(incident).map((alert) => graphAlert(data, alert, view)) } : {}),
  };
}
