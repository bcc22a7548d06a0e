import { checkTenantNowAction } from '@/app/(portal)/tenants/[id]/check-actions';
import { SubmitButton } from '@/components/ui/submit-button';

/** Verify the tenant with fresh tokens now (admins; the action checks the role again). */
export function CheckNowForm({ tenantId }: { tenantId: string }) {
  return (
    <form action={checkTenantNowAction}>
      <input type="hidden" name="id" value={tenantId} />
      <SubmitButton pendingLabel="Checking…">Check now</SubmitButton>
    </form>
  );
}
