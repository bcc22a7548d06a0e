/**
 * Child process for tests/integration/tenant-registry.test.ts: Canopy's own registration use case
 * with the configuration from the environment, in a process whose NODE_EXTRA_CA_CERTS trusts the
 * simulator's CA (as Canopy's server does). Input and result are JSON.
 */
import { getDb } from '@/lib/db/client';
import { registerTenant, type Actor } from '@/lib/tenants/register-tenant';
import { registerTenantInput } from '@/lib/tenants/tenant-input';

const [inputJson, actorJson] = process.argv.slice(2);
const input = registerTenantInput.parse(JSON.parse(inputJson!));
const result = await registerTenant(input, JSON.parse(actorJson!) as Actor);
console.log(JSON.stringify(result));
await getDb().$disconnect();
