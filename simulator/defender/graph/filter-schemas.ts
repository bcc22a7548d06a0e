import type { AlertRecord, IncidentRecord } from '../data/model';
import type { FilterSchema } from '../odata/compile-filter';
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

/** §E3: assignedTo, classification, determination, createdDateTime, lastUpdateDateTime, severity, serviceSource, status. */
export const GRAPH_ALERT_FILTER: FilterSchema<AlertRecord> = {
  entityType: 'microsoft.graph.security.alert',
  fields: [
    { name: 'assignedTo', type: 'string', get: (alert) => alert.assignedTo },
    {
      name: 'classification',
      type: 'enum',
      members: ALERT_CLASSIFICATION.members,
      get: (alert) => graphClassification(alert.classification),
    },
    {
      name: 'determination',
      type: 'enum',
      members: ALERT_DETERMINATION.members,
      get: (alert) => graphDetermination(alert.determination),
    },
    { name: 'createdDateTime', type: 'datetime', get: (alert) => alert.alertCreationTime },
    { name: 'lastUpdateDateTime', type: 'datetime', get: (alert) => alert.lastUpdateTime },
    { name: 'severity', type: 'enum', members: ALERT_SEVERITY.members, get: (alert) => graphSeverity(alert.severity) },
    { name: 'serviceSource', type: 'enum', members: SERVICE_SOURCE.members, get: (alert) => graphServiceSource(alert) },
    { name: 'status', type: 'enum', members: ALERT_STATUS.members, get: (alert) => camel(alert.status) },
    // Known but not filterable; investigationState is the one integrators trip over (§E3).
    ...[
      'investigationState',
      ...GRAPH_ALERT_PROPERTIES.filter(
        (name) =>
          ![
            'assignedTo',
            'classification',
            'determination',
            'createdDateTime',
            'lastUpdateDateTime',
            'severity',
            'serviceSource',
            'status',
          ].includes(name),
      ),
    ].map((name) => ({ name, type: 'string' as const, get: () => null, filterable: false })),
  ],
};

/** §E4: assignedTo, classification, createdDateTime, determination, lastUpdateDateTime, severity, status. */
export const GRAPH_INCIDENT_FILTER: FilterSchema<IncidentRecord> = {
  entityType: 'microsoft.graph.security.incident',
  fields: [
    { name: 'assignedTo', type: 'string', get: (incident) => incident.assignedTo },
    {
      name: 'classification',
      type: 'enum',
      members: ALERT_CLASSIFICATION.members,
      get: (incident) => graphClassification(incident.classification),
    },
    {
      name: 'determination',
      type: 'enum',
      members: ALERT_DETERMINATION.members,
      get: (incident) => graphDetermination(incident.determination),
    },
    { name: 'createdDateTime', type: 'datetime', get: (incident) => incident.createdTime },
    { name: 'lastUpdateDateTime', type: 'datetime', get: (incident) => incident.lastUpdateTime },
    {
      name: 'severity',
      type: 'enum',
      members: ALERT_SEVERITY.members,
      get: (incident) => graphSeverity(incident.severity),
    },
    {
      name: 'status',
      type: 'enum',
      members: INCIDENT_STATUS.members,
      get: (incident) => graphIncidentStatus(incident.status),
    },
    ...GRAPH_INCIDENT_PROPERTIES.filter(
      (name) =>
        ![
          'assignedTo',
          'classification',
          'determination',
          'createdDateTime',
          'lastUpdateDateTime',
          'severity',
          'status',
        ].includes(name),
    ).map((name) => ({
      name,
      type: 'string' as const,
      get: () => null,
      filterable: false,
    })),
  ],
};

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
