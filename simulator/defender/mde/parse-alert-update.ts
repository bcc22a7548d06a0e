import { CLASSIFICATIONS, DETERMINATIONS, type Classification, type Determination } from '../data/model';
import { isPlainObject } from '../http/read-json';
import type { AlertChanges } from '../store/mutations';

export type ParsedUpdate =
  | { ok: true; changes: AlertChanges; alertIds?: string[] }
  | { ok: false; code: 'InvalidRequestBody' | 'MissingRequiredParameter'; message: string };

const UPDATABLE = ['status', 'assignedTo', 'classification', 'determination', 'comment'] as const;
const STATUSES = ['New', 'InProgress', 'Resolved'] as const;

/** The update page's determination names (§D3 notes the pages disagree); stored in alerts.md spelling. */
const DETERMINATION_SYNONYMS: Record<string, Determination> = {
  ConfirmedActivity: 'ConfirmedUserActivity',
  NotMalicious: 'Clean',
  NotEnoughDataToValidate: 'InsufficientData',
};

function invalid(message: string): ParsedUpdate {
  return { ok: false, code: 'InvalidRequestBody', message };
}

/**
 * Body of `PATCH /api/alerts/{id}` and `POST /api/alerts/batchUpdate` (with `alertIds`).
 * Property names are case-sensitive (`Status` is refused, §D4); enum values must match exactly.
 */
export function parseAlertUpdate(body: unknown, options: { batch: boolean }): ParsedUpdate {
  if (!isPlainObject(body)) return invalid('Request body is incorrect: a JSON object is expected.');
  const allowed: readonly string[] = options.batch ? [...UPDATABLE, 'alertIds'] : UPDATABLE;
  for (const key of Object.keys(body)) {
    if (!allowed.includes(key)) {
      const hint = allowed.find((name) => name.toLowerCase() === key.toLowerCase());
      return invalid(
        `Request body is incorrect: unknown property '${key}'${hint ? ` (property names are case-sensitive: use '${hint}')` : ''}. Updatable properties: ${UPDATABLE.join(', ')}.`,
      );
    }
  }
  const changes: AlertChanges = {};
  if ('status' in body) {
    if (!(STATUSES as readonly unknown[]).includes(body.status))
      return invalid(`Request body is incorrect: status must be one of ${STATUSES.join(', ')}.`);
    changes.status = body.status as AlertChanges['status'];
  }
  if ('assignedTo' in body) {
    if (body.assignedTo !== null && (typeof body.assignedTo !== 'string' || body.assignedTo.length > 256))
      return invalid('Request body is incorrect: assignedTo must be a string or null.');
    changes.assignedTo = body.assignedTo;
  }
  if ('classification' in body) {
    if (body.classification !== null && !(CLASSIFICATIONS as readonly unknown[]).includes(body.classification)) {
      return invalid(`Request body is incorrect: classification must be one of ${CLASSIFICATIONS.join(', ')} or null.`);
    }
    changes.classification = body.classification as Classification | null;
  }
  if ('determination' in body) {
    const raw = body.determination;
    const value = typeof raw === 'string' ? (DETERMINATION_SYNONYMS[raw] ?? raw) : raw;
    if (value !== null && !(DETERMINATIONS as readonly unknown[]).includes(value))
      return invalid('Request body is incorrect: determination is not a known value.');
    changes.determination = value as Determination | null;
  }
  if ('comment' in body) {
    if (typeof body.comment !== 'string' || body.comment.trim() === '' || body.comment.length > 10_000)
      return invalid('Request body is incorrect: comment must be a non-empty string.');
    changes.comment = body.comment;
  }
  if (!options.batch) return { ok: true, changes };
  if (!('alertIds' in body)) return { ok: false, code: 'MissingRequiredParameter', message: 'alertIds is required.' };
  const ids = body.alertIds;
  if (!Array.isArray(ids) || ids.length === 0 || !ids.every((id) => typeof id === 'string'))
    return invalid('Request body is incorrect: alertIds must be a non-empty array of alert ids.');
  return { ok: true, changes, alertIds: ids };
}
