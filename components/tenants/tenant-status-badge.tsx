import { Badge } from '@/components/ui/badge';
import type { TenantStatus } from '@/lib/generated/prisma/enums';
import { TENANT_STATUS } from '@/lib/tenants/tenant-status';

export function TenantStatusBadge({ status }: { status: TenantStatus }) {
  const { label, tone } = TENANT_STATUS[status];
  return <Badge tone={tone}>{label}</Badge>;
}
