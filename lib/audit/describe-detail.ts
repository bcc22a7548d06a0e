/**
 * The facts of an audit event worth a line in a timeline: an AADSTS code, why something was
 * refused, which permissions are missing, a status change, who received an email. Detail is
 * JSON written by Canopy, read defensively.
 */
export function describeDetail(detail: unknown): string | null {
  if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) return null;
  const d = detail as Record<string, unknown>;
  const parts: string[] = [];
  if (typeof d.statusBefore === 'string' && typeof d.statusAfter === 'string' && d.statusBefore !== d.statusAfter)
    parts.push(`${label(d.statusBefore)} → ${label(d.statusAfter)}`);
  if (typeof d.code === 'number') parts.push(`AADSTS${d.code}`);
  if (typeof d.reason === 'string') parts.push(d.reason.replaceAll('-', ' '));
  if (Array.isArray(d.missing) && d.missing.length > 0) parts.push(`missing ${d.missing.join(', ')}`);
  if (Array.isArray(d.to) && d.to.length > 0) parts.push(`to ${d.to.join(', ')}`);
  return parts.length > 0 ? parts.join(' · ') : null;
}

const label = (status: string) => status.charAt(0) + status.slice(1).toLowerCase().replaceAll('_', ' ');
