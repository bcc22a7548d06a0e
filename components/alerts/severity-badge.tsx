import { Badge } from '@/components/ui/badge';
import type { Tone } from '@/lib/tenants/tenant-status';

const TONES: Record<string, Tone> = { High: 'bad', Medium: 'warning', Low: 'info', Informational: 'neutral' };

/** Microsoft's severity as it came (an unknown one too), coloured when Canopy knows it. */
export function SeverityBadge({ severity }: { severity: string }) {
  return <Badge tone={TONES[severity] ?? 'neutral'}>{severity}</Badge>;
}

const STATUS_LABELS: Record<string, string> = { New: 'New', InProgress: 'In progress', Resolved: 'Resolved' };

export function alertStatusLabel(status: string): string {
  return STATUS_LABELS[status] ?? status;
}
