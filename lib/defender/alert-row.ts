import type { AlertSource } from '@/lib/generated/prisma/enums';

/** One alert as the `alert` table stores it, whatever source it came from. */
export type AlertRow = {
  source: AlertSource;
  upstreamId: string;
  title: string;
  severity: string;
  severityRank: number;
  status: string;
  category: string | null;
  classification: string | null;
  determination: string | null;
  detectionSource: string | null;
  serviceSource: string | null;
  assignedTo: string | null;
  machineId: string | null;
  computerDnsName: string | null;
  relatedUser: string | null;
  incidentId: string | null;
  mitreTechniques: string[];
  firstActivity: Date | null;
  lastActivity: Date | null;
  alertCreationTime: Date;
  lastUpdateTime: Date;
  resolvedTime: Date | null;
  payload: object;
};

const SEVERITY_RANKS = new Map([
  ['informational', 1],
  ['low', 2],
  ['medium', 3],
  ['high', 4],
]);

/**
 * Sort order of a severity in any source's spelling (MDE `High`, Graph `high`). UnSpecified and
 * values Canopy does not know sort lowest; the text itself is stored as it came.
 */
export function severityRank(severity: string): number {
  return SEVERITY_RANKS.get(severity.toLowerCase()) ?? 0;
}
