import { createInvitation } from '@/lib/invitations/create-invitation';
import { getDb } from '@/lib/db/client';
const t = await getDb().customerTenant.findFirstOrThrow({ where: { domain: 'fabrikam.onmicrosoft.com' } });
const u = await getDb().staffUser.findFirstOrThrow();
const inv = await createInvitation(t.id, { id: u.id, name: u.name });
console.log('URL', inv!.url);
await getDb().$disconnect();
