/**
 * Child process for tests/integration/invitation-email.test.ts: Canopy's own send use case with
 * the configuration (SMTP or none) from the environment. Input and result are JSON.
 */
import { getDb } from '@/lib/db/client';
import { sendInvitation, sendInvitations } from '@/lib/email/send-invitation';
import type { Actor } from '@/lib/tenants/register-tenant';

const input = JSON.parse(process.argv[2]!) as { tenantIds: string[]; actor: Actor; to?: string[] };
const result =
  input.tenantIds.length === 1
    ? await sendInvitation(input.tenantIds[0]!, input.actor, { to: input.to })
    : await sendInvitations(input.tenantIds, input.actor);
console.log(JSON.stringify(result));
await getDb().$disconnect();
