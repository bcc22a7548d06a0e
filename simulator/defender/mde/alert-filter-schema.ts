import type { AlertRecord } from '../data/model';
import { unfilterable, type FilterSchema } from '../odata/compile-filter';
import type { QuerySpec } from '../odata/query-options';

/**
 * `$filter` fields of `GET /api/alerts` (§D2): the documented ones filter, the other alert
 * properties are known but refused ("cannot be used in the $filter query option"). Names match
 * case-insensitively, so the docs' `InvestigationId` works. status and severity are plain strings
 * here: an unknown value matches nothing rather than failing.
 */
export const MDE_ALERT_FILTER: FilterSchema<AlertRecord> = {
  entityType: 'microsoft.windowsDefenderATP.api.PublicAlert',
  fields: [
    { name: 'alertCreationTime', type: 'datetime', get: (alert) => alert.alertCreationTime },
    { name: 'lastUpdateTime', type: 'datetime', get: (alert) => alert.lastUpdateTime },
    { name: 'lastEventTime', type: 'datetime', get: (alert) => alert.lastEventTime },
    { name: 'incidentId', type: 'long', get: (alert) => alert.incidentId },
    { name: 'investigationId', type: 'long', get: (alert) => alert.investigationId },
    { name: 'id', type: 'string', get: (alert) => alert.id },
    { name: 'assignedTo', type: 'string', get: (alert) => alert.assignedTo },
    { name: 'detectionSource', type: 'string', get: (alert) => alert.detectionSource },
    { name: 'status', type: 'string', get: (alert) => alert.status },
    { name: 'severity', type: 'string', get: (alert) => alert.severity },
    { name: 'category', type: 'string', get: (alert) => alert.category },
    ...unfilterable([
      'classification',
      'determination',
      'investigationState',
      'detectorId',
      'threatFamilyName',
      'threatName',
      'title',
      'description',
      'firstEventTime',
      'resolvedTime',
      'machineId',
      'computerDnsName',
      'rbacGroupName',
      'aadTenantId',
      'mitreTechniques',
      'relatedUser',
      'comments',
      'evidence',
    ]),
  ],
};

/** `$top` absent: everything up to the documented page maximum of 10,000; above it: 400. */
export const MDE_ALERT_QUERY: QuerySpec = {
  entityType: MDE_ALERT_FILTER.entityType,
  options: ['$filter', '$top', '$skip', '$expand'],
  defaultTop: 10_000,
  maxTop: 10_000,
  overMaxTop: 'error',
  expandable: ['evidence'],
};
