import type { IncidentRecord } from '../data/model';
import { unfilterable, type FilterSchema } from '../odata/compile-filter';
import type { QuerySpec } from '../odata/query-options';

/** §E1: `$filter` on lastUpdateTime, createdTime, status and assignedTo only; no server-side severity filter. */
export const XDR_INCIDENT_FILTER: FilterSchema<IncidentRecord> = {
  entityType: 'microsoft.windowsDefenderATP.api.Incident',
  fields: [
    { name: 'lastUpdateTime', type: 'datetime', get: (incident) => incident.lastUpdateTime },
    { name: 'createdTime', type: 'datetime', get: (incident) => incident.createdTime },
    { name: 'status', type: 'string', get: (incident) => incident.status },
    { name: 'assignedTo', type: 'string', get: (incident) => incident.assignedTo },
    ...unfilterable([
      'incidentId',
      'redirectIncidentId',
      'incidentName',
      'classification',
      'determination',
      'severity',
      'tags',
      'comments',
      'alerts',
    ]),
  ],
};

/** Page size 100 when `$top` is absent; `$top` above 100 is a 400 ("maximum value of 100"). */
export const XDR_INCIDENT_QUERY: QuerySpec = {
  entityType: XDR_INCIDENT_FILTER.entityType,
  options: ['$filter', '$top', '$skip'],
  defaultTop: 100,
  maxTop: 100,
  overMaxTop: 'error',
};
