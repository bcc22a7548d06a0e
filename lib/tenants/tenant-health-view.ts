import type { Explanation } from '@/lib/consent/aadsts';
import type { ResourceAccess } from '@/lib/consent/check-tenant-access';

/**
 * The tenant's stored verification results, read back from their JSON columns defensively: a row
 * written by an older Canopy, or by hand, must not break the page.
 */
export type StoredProblem = Explanation & { code: number | null; at: string | null };

export function readPermissions(value: unknown): ResourceAccess[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (item): item is ResourceAccess =>
      typeof item === 'object' &&
      item !== null &&
      typeof (item as ResourceAccess).api === 'string' &&
      Array.isArray((item as ResourceAccess).required) &&
      Array.isArray((item as ResourceAccess).granted),
  );
}

export function readProblem(value: unknown): StoredProblem | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  if (typeof v.title !== 'string' || typeof v.explanation !== 'string') return null;
  return {
    title: v.title,
    explanation: v.explanation,
    nextStep: typeof v.nextStep === 'string' ? v.nextStep : '',
    code: typeof v.code === 'number' ? v.code : null,
    at: typeof v.at === 'string' ? v.at : null,
  };
}
