/**
 * Child process for tests/integration/tenant-import.test.ts: Canopy's bulk import use case with
 * the configuration from the environment (see run-canopy-child.ts). Reads the CSV from a file;
 * prints the result as JSON.
 */
import { readFile } from 'node:fs/promises';
import { getDb } from '@/lib/db/client';
import { importTenants } from '@/lib/tenants/import-tenants';
import type { Actor } from '@/lib/tenants/register-tenant';

const [csvFile, actorJson] = process.argv.slice(2);
const result = await importTenants(await readFile(csvFile!, 'utf8'), JSON.parse(actorJson!) as Actor);
console.log(JSON.stringify(result));
await getDb().$disconnect();
