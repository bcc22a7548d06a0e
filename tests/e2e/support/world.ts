import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseWorld } from '../../../simulator/world/load-world';

/** The simulator's default world, read the same way the simulator reads it. */
const file = path.resolve('simulator/worlds/default.json');
export const defaultWorld = parseWorld(JSON.parse(readFileSync(file, 'utf8')), file);

const partner = defaultWorld.tenants.find((t) => t.id === defaultWorld.application.homeTenantId)!;

/** A partner-tenant user holding exactly this app role (null: no app role). */
export function partnerUser(role: string | null) {
  const user = partner.users.find(
    (u) => !u.guest && (role ? u.appRoleAssignments.includes(role) : u.appRoleAssignments.length === 0),
  );
  if (!user) throw new Error(`The default world has no partner user with ${role ?? 'no app role'}`);
  return user;
}

/** A user of a tenant other than the partner's. */
export function foreignUser() {
  const user = defaultWorld.tenants.find((t) => t.id !== partner.id)?.users[0];
  if (!user) throw new Error('The default world has no user outside the partner tenant');
  return user;
}

/** A B2B guest of the partner tenant (home directory elsewhere), with or without an app role. */
export function partnerGuest(role: string | null) {
  const guest = partner.users.find(
    (u) => u.guest && (role ? u.appRoleAssignments.includes(role) : u.appRoleAssignments.length === 0),
  );
  if (!guest) throw new Error(`The default world has no partner guest with ${role ?? 'no app role'}`);
  return guest;
}

export const partnerTenantId = partner.id;
