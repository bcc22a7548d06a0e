import { CLASSIFICATIONS, DETERMINATIONS, INCIDENT_STATUSES, type IncidentRecord } from '../data/model';
import { isPlainObject } from '../http/read-json';
import type { IncidentChanges } from '../store/mutations';

export type ParsedIncidentUpdate = { ok: true; changes: IncidentChanges } | { ok: false; message: string };

const UPDATABLE = ['status', 'assignedTo', 'classification', 'determination', 'tags', 'comment'] as const;
const INCIDENT_CLASSIFICATIONS = ['Unknown', ...CLASSIFICATIONS] as const;
const INCIDENT_DETERMINATIONS = [
  'NotAvailable',
  ...DETERMINATIONS,
  'ConfirmedActivity',
  'NotMalicious',
  'NotEnoughDataToValidate',
] as const;
const SYNONYMS: Record<string, IncidentChanges['determination']> = {
  ConfirmedActivity: 'ConfirmedUserActivity',
  NotMalicious: 'Clean',
  NotEnoughDataToValidate: 'InsufficientData',
};

function invalid(message: string): ParsedIncidentUpdate {
  return { ok: false, message: `Request body is incorrect: ${message}` };
}

/**
 * Body of `PATCH /api/incidents/{id}` (§E1). Case-sensitive names like the MDE API; a
 * determination needs a classification (in the body or already on the incident).
 */
export function parseIncidentUpdate(body: unknown, current: IncidentRecord): ParsedIncidentUpdate {
  if (!isPlainObject(body)) return invalid('a JSON object is expected.');
  for (const key of Object.keys(body)) {
    if (!(UPDATABLE as readonly string[]).includes(key))
      return invalid(`unknown property '${key}'. Updatable properties: ${UPDATABLE.join(', ')}.`);
  }
  const changes: IncidentChanges = {};
  if ('status' in body) {
    if (!(INCIDENT_STATUSES as readonly unknown[]).includes(body.status))
      return invalid(`status must be one of ${INCIDENT_STATUSES.join(', ')}.`);
    changes.status = body.status as IncidentChanges['status'];
  }
  if ('assignedTo' in body) {
    if (body.assignedTo !== null && typeof body.assignedTo !== 'string')
      return invalid('assignedTo must be a string or null.');
    changes.assignedTo = body.assignedTo;
  }
  if ('classification' in body) {
    if (!(INCIDENT_CLASSIFICATIONS as readonly unknown[]).includes(body.classification))
      return invalid(`classification must be one of ${INCIDENT_CLASSIFICATIONS.join(', ')}.`);
    changes.classification = body.classification as IncidentChanges['classification'];
  }
  if ('determination' in body) {
    const raw = body.determination;
    if (!(INCIDENT_DETERMINATIONS as readonly unknown[]).includes(raw))
      return invalid('determination is not a known value.');
    changes.determination = SYNONYMS[raw as string] ?? (raw as IncidentChanges['determination']);
    const classification = changes.classification ?? current.classification;
    if (changes.determination !== 'NotAvailable' && classification === 'Unknown')
      return invalid('determination can only be set together with a classification.');
  }
  if ('tags' in body) {
    const tags = body.tags;
    if (!Array.isArray(tags) || !tags.every((tag) => typeof tag === 'string' && tag.length <= 200))
      return invalid('tags must be an array of strings.');
    changes.tags = tags as string[];
  }
  if ('comment' in body) {
    if (typeof body.comment !== 'string' || body.comment.trim() === '')
      return invalid('comment must be a non-empty string.');
    changes.comment = body.comment;
  }
  return { ok: true, changes };
}
