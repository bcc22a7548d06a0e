import type { AlertRecord, IncidentRecord } from '../data/model';
import { unfilterable, type FieldDef, type FilterSchema } from '../odata/compile-filter';
import type { QuerySpec } from '../odata/query-options';
import {
  ALERT_CLASSIFICATION,
  ALERT_DETERMINATION,
  ALERT_SEVERITY,
  ALERT_STATUS,
  INCIDENT_STATUS,
  SERVICE_SOURCE,
  graphClassification,
  graphDetermination,
  graphIncidentStatus,
  graphServiceSource,
  graphSeverity,
} from './enums';

const camel = (value: string) => value.charAt(0).toLowerCase() + value.slice(1);

export const GRAPH_ALERT_PROPERTIES = [
  'id',
  'providerAlertId',
  'incidentId',
  'status',
  'severity',
  'classification',
  'determination',
  'serviceSource',
  'detectionSource',
  'productName',
  'detectorId',
  'tenantId',
  'title',
  'description',
  'recommendedActions',
  'category',
  'assignedTo',
  'alertWebUrl',
  'incidentWebUrl',
  'actorDisplayName',
  'threatDisplayName',
  'threatFamilyName',
  'mitreTechniques',
  'createdDateTime',
  'lastUpdateDateTime',
  'resolvedDateTime',
  'firstActivityDateTime',
  'lastActivityDateTime',
  'alertPolicyId',
  'comments',
  'evidence',
  'systemTags',
  'additionalData',
  'customDetails',
] as const;

export const GRAPH_INCIDENT_PROPERTIES = [
  'id',
  'incidentWebUrl',
  'redirectIncidentId',
  'tenantId',
  'displayName',
  'description',
  'summary',
  'createdDateTime',
  'lastUpdateDateTime',
  'lastModifiedBy',
  'assignedTo',
  'classification',
  'determination',
  'status',
  'severity',
  'customTags',
  'systemTags',
  'resolvingComment',
  'comments',
] as const;

/**
 * A Graph `$filter` schema: the documented filterable fields, then every other property of the
 * entity, known but refused (see `unfilterable`).
 */
function graphFilter<T>(entityType: string, filterable: FieldDef<T>[], properties: readonly string[]): FilterSchema<T> {
  const names = new Set(filterable.map((field) => field.name));
  return { entityType, fields: [...filterable, ...unfilterable(properties.filter((name) => !names.has(name)))] };
}

/** Fields an incident filters exactly as an alert does (incidents use the alert enums, §E4). */
type Triaged = Pick<AlertRecord | IncidentRecord, 'assignedTo' | 'classification' | 'determination' | 'severity'>;
const ASSIGNED_TO: FieldDef<Triaged> = { name: 'assignedTo', type: 'string', get: (record) => record.assignedTo };
const CLASSIFICATION: FieldDef<Triaged> = {
  name: 'classification',
  type: 'enum',
  members: ALERT_CLASSIFICATION.members,
  get: (record) => graphClassification(record.classification),
};
const DETERMINATION: FieldDef<Triaged> = {
  name: 'determination',
  type: 'enum',
  members: ALERT_DETERMINATION.members,
  get: (record) => graphDetermination(record.determination),
};
const SEVERITY: FieldDef<Triaged> = {
  name: 'severity',
  type: 'enum',
  members: ALERT_SEVERITY.members,
  get: (record) => graphSeverity(record.severity),
};

/** §E3: assignedTo, classification, determination, createdDateTime, lastUpdateDateTime, severity, serviceSource, status. */
export const GRAPH_ALERT_FILTER = graphFilter<AlertRecord>(
  'microsoft.graph.security.alert',
  [
    ASSIGNED_TO,
    CLASSIFICATION,
    DETERMINATION,
    { name: 'createdDateTime', type: 'datetime', get: (alert) => alert.alertCreationTime },
    { name: 'lastUpdateDateTime', type: 'datetime', get: (alert) => alert.lastUpdateTime },
    SEVERITY,
    { name: 'serviceSource', type: 'enum', members: SERVICE_SOURCE.members, get: (alert) => graphServiceSource(alert) },
    { name: 'status', type: 'enum', members: ALERT_STATUS.members, get: (alert) => camel(alert.status) },
  ],
  // Known but not filterable; investigationState is the one integrators trip over (§E3).
  ['investigationState', ...GRAPH_ALERT_PROPERTIES],
);

/** §E4: assignedTo, classification, createdDateTime, determination, lastUpdateDateTime, severity, status. */
export const GRAPH_INCIDENT_FILTER = graphFilter<IncidentRecord>(
  'microsoft.graph.security.incident',
  [
    ASSIGNED_TO,
    CLASSIFICATION,
    DETERMINATION,
    { name: 'createdDateTime', type: 'datetime', get: (incident) => incident.createdTime },
    { name: 'lastUpdateDateTime', type: 'datetime', get: (incident) => incident.lastUpdateTime },
    SEVERITY,
    {
      name: 'status',
      type: 'enum',
      members: INCIDENT_STATUS.members,
      get: (incident) => graphIncidentStatus(incident.status),
    },
  ],
  GRAPH_INCIDENT_PROPERTIES,
);

/**
 * Security API constraints (§E6): `$top` above 1,000 is lowered to 1,000 (also the page size
 * without `$top`), `$skip` above 500 is a 400; pages beyond link with `@odata.nextLink`.
 */
const GRAPH_PAGING = { defaultTop: 1000, maxTop: 1000, overMaxTop: 'clamp', maxSkip: 500 } as const;

export const GRAPH_ALERT_QUERY: QuerySpec = {
  entityType: GRAPH_ALERT_FILTER.entityType,
  options: ['$filter', '$top', '$skip', '$count', '$orderby', '$select'],
  ...GRAPH_PAGING,
  orderable: ['lastUpdateDateTime', 'createdDateTime'],
  selectable: GRAPH_ALERT_PROPERTIES,
};

export const GRAPH_INCIDENT_QUERY: QuerySpec = {
  entityType: GRAPH_INCIDENT_FILTER.entityType,
  options: ['$filter', '$top', '$skip', '$count', '$orderby', '$select', '$expand'],
  ...GRAPH_PAGING,
  expandable: ['alerts'],
  orderable: ['lastUpdateDateTime', 'createdDateTime'],
  selectable: GRAPH_INCIDENT_PROPERTIES,
};
