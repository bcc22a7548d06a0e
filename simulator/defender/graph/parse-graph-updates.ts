import type { Classification, IncidentDetermination } from '../data/model';
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
const CLASSIFICATION_FROM_GRAPH: Record<string, Classification> = {
  truePositive: 'TruePositive',
  falsePositive: 'FalsePositive',
  informationalExpectedActivity: 'InformationalExpectedActivity',
};
// `unknown` clears an alert's classification and determination (null); an incident stores
// 'Unknown' and 'NotAvailable' instead.
const ALERT_CLASSIFICATION_FROM_GRAPH: Record<string, Classification | null> = {
  unknown: null,
  ...CLASSIFICATION_FROM_GRAPH,
};
const INCIDENT_CLASSIFICATION_FROM_GRAPH: Record<string, IncidentChanges['classification']> = {
  unknown: 'Unknown',
  ...CLASSIFICATION_FROM_GRAPH,
};
const INCIDENT_DETERMINATION_FROM_GRAPH: Record<string, IncidentDetermination> = Object.fromEntries(
  Object.entries(DETERMINATION_FROM_GRAPH).map(([name, value]) => [name, value ?? 'NotAvailable']),
);

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

/*
 * Property readers: each copies one optional body property into `changes` when it is present and
 * valid, and returns the 400 message when it is not. Chained with `??`, the first problem in
 * property order is the one reported.
 */

/** An enum property; `enumType` names Graph's type in the conversion error. */
function readEnum<T, K extends keyof T & string>(
  body: Record<string, unknown>,
  changes: T,
  key: K,
  table: Record<string, T[K]>,
  enumType: string,
): string | undefined {
  if (!(key in body)) return undefined;
  const value = member(table, body[key]);
  if (value === undefined)
    return `Cannot convert the literal '${String(body[key])}' to the expected type 'microsoft.graph.security.${enumType}'.`;
  changes[key] = value;
  return undefined;
}

function readAssignedTo(body: Record<string, unknown>, changes: { assignedTo?: string | null }): string | undefined {
  if (!('assignedTo' in body)) return undefined;
  const value = body.assignedTo;
  if (value !== null && typeof value !== 'string') return 'assignedTo must be a string or null.';
  changes.assignedTo = value;
  return undefined;
}

function readCustomTags(body: Record<string, unknown>, changes: IncidentChanges): string | undefined {
  if (!('customTags' in body)) return undefined;
  const tags = body.customTags;
  if (!Array.isArray(tags) || !tags.every((tag) => typeof tag === 'string'))
    return 'customTags must be an array of strings.';
  changes.tags = tags;
  return undefined;
}

function readResolvingComment(body: Record<string, unknown>, changes: IncidentChanges): string | undefined {
  if (!('resolvingComment' in body)) return undefined;
  if (typeof body.resolvingComment !== 'string' || body.resolvingComment.trim() === '')
    return 'resolvingComment must be a non-empty string.';
  changes.comment = body.resolvingComment;
  return undefined;
}

/** `PATCH /security/alerts_v2/{id}`: status, classification, determination, assignedTo (§E3). */
export function parseGraphAlertUpdate(body: unknown): Parsed<AlertChanges> {
  if (!isPlainObject(body)) return { ok: false, message: 'The request body must be a JSON object.' };
  const changes: AlertChanges = {};
  const problem =
    checkKeys(body, ['status', 'classification', 'determination', 'assignedTo'], 'microsoft.graph.security.alert') ??
    readEnum(body, changes, 'status', ALERT_STATUS_FROM_GRAPH, 'alertStatus') ??
    readEnum(body, changes, 'classification', ALERT_CLASSIFICATION_FROM_GRAPH, 'alertClassification') ??
    readEnum(body, changes, 'determination', DETERMINATION_FROM_GRAPH, 'alertDetermination') ??
    readAssignedTo(body, changes);
  return problem === undefined ? { ok: true, changes } : { ok: false, message: problem };
}

/** `PATCH /security/incidents/{id}`: assignedTo, classification, determination, status, customTags (+ resolvingComment as a comment). */
export function parseGraphIncidentUpdate(body: unknown): Parsed<IncidentChanges> {
  if (!isPlainObject(body)) return { ok: false, message: 'The request body must be a JSON object.' };
  const changes: IncidentChanges = {};
  const problem =
    checkKeys(
      body,
      ['status', 'classification', 'determination', 'assignedTo', 'customTags', 'resolvingComment'],
      'microsoft.graph.security.incident',
    ) ??
    readEnum(body, changes, 'status', INCIDENT_STATUS_FROM_GRAPH, 'incidentStatus') ??
    readEnum(body, changes, 'classification', INCIDENT_CLASSIFICATION_FROM_GRAPH, 'alertClassification') ??
    readEnum(body, changes, 'determination', INCIDENT_DETERMINATION_FROM_GRAPH, 'alertDetermination') ??
    readAssignedTo(body, changes) ??
    readCustomTags(body, changes) ??
    readResolvingComment(body, changes);
  return problem === undefined ? { ok: true, changes } : { ok: false, message: problem };
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
