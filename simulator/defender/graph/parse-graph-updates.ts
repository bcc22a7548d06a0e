import type { IncidentClassification, IncidentDetermination } from '../data/model';
import { isPlainObject } from '../http/read-json';
import type { AlertChanges, IncidentChanges } from '../store/mutations';
import { DETERMINATION_FROM_GRAPH } from './enums';

export type Parsed<T> = { ok: true; changes: T } | { ok: false; message: string };

const ALERT_STATUS_FROM_GRAPH: Record<string, AlertChanges['status']> = {
  new: 'New',
  inProgress: 'InProgress',
  resolved: 'Resolved',
};
const INCIDENT_STATUS_FROM_GRAPH: Record<string, IncidentChanges['status']> = {
  active: 'Active',
  inProgress: 'InProgress',
  resolved: 'Resolved',
  redirected: 'Redirected',
};
const CLASSIFICATION_FROM_GRAPH: Record<string, IncidentClassification> = {
  unknown: 'Unknown',
  truePositive: 'TruePositive',
  falsePositive: 'FalsePositive',
  informationalExpectedActivity: 'InformationalExpectedActivity',
};

/** Enum members match case-insensitively, as Graph's URI and body parsers do. */
function member<T>(table: Record<string, T>, value: unknown): T | undefined {
  if (typeof value !== 'string') return undefined;
  const key = Object.keys(table).find((candidate) => candidate.toLowerCase() === value.toLowerCase());
  return key === undefined ? undefined : table[key];
}

function unknownProperty(key: string, type: string): string {
  return `The property '${key}' does not exist on type '${type}'. Make sure to only use property names that are defined by the type or mark the type as open type.`;
}

function checkKeys(body: Record<string, unknown>, allowed: readonly string[], type: string): string | undefined {
  const unknown = Object.keys(body).find((key) => key !== '@odata.type' && !allowed.includes(key));
  return unknown === undefined ? undefined : unknownProperty(unknown, type);
}

function assignedTo(value: unknown): string | null | undefined {
  return value === null || typeof value === 'string' ? value : undefined;
}

/** `PATCH /security/alerts_v2/{id}`: status, classification, determination, assignedTo (§E3). */
export function parseGraphAlertUpdate(body: unknown): Parsed<AlertChanges> {
  if (!isPlainObject(body)) return { ok: false, message: 'The request body must be a JSON object.' };
  const problem = checkKeys(
    body,
    ['status', 'classification', 'determination', 'assignedTo'],
    'microsoft.graph.security.alert',
  );
  if (problem) return { ok: false, message: problem };
  const changes: AlertChanges = {};
  if ('status' in body) {
    const status = member(ALERT_STATUS_FROM_GRAPH, body.status);
    if (!status)
      return {
        ok: false,
        message: `Cannot convert the literal '${String(body.status)}' to the expected type 'microsoft.graph.security.alertStatus'.`,
      };
    changes.status = status;
  }
  if ('classification' in body) {
    const classification = member(CLASSIFICATION_FROM_GRAPH, body.classification);
    if (!classification)
      return {
        ok: false,
        message: `Cannot convert the literal '${String(body.classification)}' to the expected type 'microsoft.graph.security.alertClassification'.`,
      };
    changes.classification = classification === 'Unknown' ? null : classification;
  }
  if ('determination' in body) {
    const determination = member(DETERMINATION_FROM_GRAPH, body.determination);
    if (determination === undefined)
      return {
        ok: false,
        message: `Cannot convert the literal '${String(body.determination)}' to the expected type 'microsoft.graph.security.alertDetermination'.`,
      };
    changes.determination = determination;
  }
  if ('assignedTo' in body) {
    const value = assignedTo(body.assignedTo);
    if (value === undefined) return { ok: false, message: 'assignedTo must be a string or null.' };
    changes.assignedTo = value;
  }
  return { ok: true, changes };
}

/** `PATCH /security/incidents/{id}`: assignedTo, classification, determination, status, customTags (+ resolvingComment as a comment). */
export function parseGraphIncidentUpdate(body: unknown): Parsed<IncidentChanges> {
  if (!isPlainObject(body)) return { ok: false, message: 'The request body must be a JSON object.' };
  const problem = checkKeys(
    body,
    ['status', 'classification', 'determination', 'assignedTo', 'customTags', 'resolvingComment'],
    'microsoft.graph.security.incident',
  );
  if (problem) return { ok: false, message: problem };
  const changes: IncidentChanges = {};
  if ('status' in body) {
    const status = member(INCIDENT_STATUS_FROM_GRAPH, body.status);
    if (!status)
      return {
        ok: false,
        message: `Cannot convert the literal '${String(body.status)}' to the expected type 'microsoft.graph.security.incidentStatus'.`,
      };
    changes.status = status;
  }
  if ('classification' in body) {
    const classification = member(CLASSIFICATION_FROM_GRAPH, body.classification);
    if (!classification)
      return {
        ok: false,
        message: `Cannot convert the literal '${String(body.classification)}' to the expected type 'microsoft.graph.security.alertClassification'.`,
      };
    changes.classification = classification;
  }
  if ('determination' in body) {
    const determination = member(DETERMINATION_FROM_GRAPH, body.determination);
    if (determination === undefined)
      return {
        ok: false,
        message: `Cannot convert the literal '${String(body.determination)}' to the expected type 'microsoft.graph.security.alertDetermination'.`,
      };
    changes.determination = (determination ?? 'NotAvailable') as IncidentDetermination;
  }
  if ('assignedTo' in body) {
    const value = assignedTo(body.assignedTo);
    if (value === undefined) return { ok: false, message: 'assignedTo must be a string or null.' };
    changes.assignedTo = value;
  }
  if ('customTags' in body) {
    const tags = body.customTags;
    if (!Array.isArray(tags) || !tags.every((tag) => typeof tag === 'string'))
      return { ok: false, message: 'customTags must be an array of strings.' };
    changes.tags = tags as string[];
  }
  if ('resolvingComment' in body) {
    if (typeof body.resolvingComment !== 'string' || body.resolvingComment.trim() === '')
      return { ok: false, message: 'resolvingComment must be a non-empty string.' };
    changes.comment = body.resolvingComment;
  }
  return { ok: true, changes };
}

/** `POST …/comments` body: `{"@odata.type": "microsoft.graph.security.alertComment", "comment": "…"}`. */
export function parseGraphComment(body: unknown): Parsed<string> {
  if (!isPlainObject(body)) return { ok: false, message: 'The request body must be a JSON object.' };
  const problem = checkKeys(body, ['comment'], 'microsoft.graph.security.alertComment');
  if (problem) return { ok: false, message: problem };
  if (typeof body.comment !== 'string' || body.comment.trim() === '')
    return { ok: false, message: 'comment must be a non-empty string.' };
  return { ok: true, changes: body.comment };
}
