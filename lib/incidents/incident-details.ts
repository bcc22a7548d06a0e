import { z } from 'zod';

const text = z
  .string()
  .nullish()
  .transform((value) => value ?? null)
  .catch(null);
const time = z
  .string()
  .nullish()
  .transform((value) => {
    const date = value ? new Date(value) : null;
    return date && !Number.isNaN(date.getTime()) ? date : null;
  })
  .catch(null);

/** XDR writes `createdBy`/`createdTime`, Graph `createdByDisplayName`/`createdDateTime`. */
const comment = z
  .object({
    comment: text,
    createdBy: text,
    createdByDisplayName: text,
    createdTime: time,
    createdDateTime: time,
  })
  .transform((c) => ({
    text: c.comment ?? '',
    by: c.createdBy ?? c.createdByDisplayName ?? null,
    at: c.createdTime ?? c.createdDateTime ?? null,
  }));

/**
 * What the detail page shows from a stored incident's payload beyond its columns, read leniently
 * from either source's shape: a field that is missing or of another type is left out, never an error.
 */
const incidentDetails = z.object({
  description: text,
  /** Graph only. */
  summary: text,
  detectionSource: text,
  comments: z
    .array(comment.nullable().catch(null))
    .catch([])
    .default([])
    .transform((comments) => comments.filter((c) => c !== null)),
});

export type IncidentDetails = z.output<typeof incidentDetails>;

export function readIncidentDetails(payload: unknown): IncidentDetails {
  const parsed = incidentDetails.safeParse(typeof payload === 'object' && payload !== null ? payload : {});
  return parsed.success ? parsed.data : { description: null, summary: null, detectionSource: null, comments: [] };
}
