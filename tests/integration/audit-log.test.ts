// Who acted, as the audit log and a tenant's timeline show it: staff sign in through the
// simulator (a member, and a B2B guest whose ID token's `idp` names their home directory) and
// Canopy's own sign-in, audit and listing code runs in-process against a real PostgreSQL.
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAndRedeem } from '../simulator/support/id-tokens';
import { startIntegrationWorld, TENANTS, type IntegrationWorld } from './support/integration-world';

let world: IntegrationWorld;
let lib: {
  evaluateStaffSignIn: typeof import('@/lib/auth/staff-claims').evaluateStaffSignIn;
  recordStaffSignIn: typeof import('@/lib/auth/record-staff-sign-in').recordStaffSignIn;
  recordAuditEvent: typeof import('@/lib/audit/record-audit-event').recordAuditEvent;
  auditQuery: typeof import('@/lib/audit/list-audit-events').auditQuery;
  listAuditEvents: typeof import('@/lib/audit/list-audit-events').listAuditEvents;
  listTenantTimeline: typeof import('@/lib/audit/list-tenant-timeline').listTenantTimeline;
};

beforeAll(async () => {
  // Canopy's own modules read their configuration (and so the database) from the environment.
  world = await startIntegrationWorld({ name: 'audit-log', simulator: true, inProcess: true });
  lib = {
    ...(await import('@/lib/auth/staff-claims')),
    ...(await import('@/lib/auth/record-staff-sign-in')),
    ...(await import('@/lib/audit/record-audit-event')),
    ...(await import('@/lib/audit/list-audit-events')),
    ...(await import('@/lib/audit/list-tenant-timeline')),
  };
}, 120_000);

afterAll(() => world?.stop());

/** Signs a partner user in at the simulator and records the sign-in as Canopy's callback does. */
async function signIn(userId: string): Promise<{ id: string; name: string }> {
  const { idToken } = await signInAndRedeem(world.simulator, userId);
  const decision = lib.evaluateStaffSignIn(decodeJwt(idToken), {
    partnerTenantId: world.simulator.partner.id,
    guestAccess: 'with-app-role',
  });
  if (!decision.allowed) throw new Error(`sign-in refused: ${decision.reason}`);
  await lib.recordStaffSignIn({ identity: decision.identity, maxAgeSeconds: 3600, previousSessionId: null });
  return world.db.staffUser.findUniqueOrThrow({
    where: { entraObjectId: decision.identity.entraObjectId },
    select: { id: true, name: true },
  });
}

const shown = (event: { actorName: string; actorIsGuest: boolean }) =>
  `${event.actorName}${event.actorIsGuest ? ' (guest)' : ''}`;

describe('actors in the audit log', () => {
  it('marks a B2B guest of the partner tenant as a guest, next to the name; members and the system are not', async () => {
    const admin = await signIn(world.simulator.users.admin.id);
    const guest = await signIn(world.simulator.users.guestAnalyst.id);
    const fabrikam = { entraTenantId: TENANTS.fabrikam, displayName: 'Fabrikam' };
    await world.db.$transaction(async (tx) => {
      await lib.recordAuditEvent(tx, {
        actor: guest,
        action: 'tenant.registered',
        tenant: fabrikam,
        result: 'SUCCESS',
      });
      await lib.recordAuditEvent(tx, { actor: null, action: 'tenant.verified', tenant: fabrikam, result: 'SUCCESS' });
      await lib.recordAuditEvent(tx, { actor: admin, action: 'tenant.updated', tenant: fabrikam, result: 'SUCCESS' });
    });

    const { events } = await lib.listAuditEvents(lib.auditQuery.parse({}));
    expect(events.map((event) => `${event.action}: ${shown(event)}`)).toEqual([
      'tenant.updated: Avery Admin',
      'tenant.verified: System',
      'tenant.registered: Gale Guest (guest)',
      'staff.signed-in: Gale Guest (guest)',
      'staff.signed-in: Avery Admin',
    ]);
    expect((await lib.listTenantTimeline(TENANTS.fabrikam)).map(shown)).toEqual([
      'Avery Admin',
      'System',
      'Gale Guest (guest)',
    ]);
  }, 60_000);
});
