import { jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchSigningKeys, signInAndRedeem, verifyIdToken } from './support/id-tokens';
import { openAuthorize, pendingIdOf, redeemCode, submitAccount } from './support/sign-in';
import { startTestSimulator, type TestSimulator } from './support/simulator';

/** Home directories of the default world's guests (not simulated tenants: only their `idp`). */
const FOURTH_COFFEE = 'e2b7c4d1-5a3f-4c8e-b6d9-7f1a2c3e4b5d';
const PROSEWARE = '4f8e2d6c-9a1b-4c3d-8e7f-5a6b7c8d9e0f';
/** Entra's "Guest User" directory role template: what `wids` lists for a guest instead of "User". */
const GUEST_USER_ROLE_TEMPLATE_ID = '10dae51f-b6af-4016-8d66-8c2a99b929b3';

let sim: TestSimulator;
let keys: Awaited<ReturnType<typeof fetchSigningKeys>>;
beforeAll(async () => {
  sim = await startTestSimulator();
  keys = await fetchSigningKeys(sim);
});
afterAll(async () => {
  await sim?.close();
});

describe('B2B guests of the partner tenant', () => {
  it('holds two guests after the members: Gale (Canopy.Analyst, from Fourth Coffee) and Glen (no role, from Proseware)', () => {
    const users = sim.partner.users;
    expect(users.findIndex((user) => user.guest)).toBe(3);
    expect(users.slice(3).map((user) => [user.displayName, user.userPrincipalName, user.appRoleAssignments])).toEqual([
      ['Gale Guest', 'gale.guest_fourthcoffee.com#ext#@contososecurity.onmicrosoft.com', ['Canopy.Analyst']],
      ['Glen Guest', 'glen.guest_proseware.com#ext#@contososecurity.onmicrosoft.com', []],
    ]);
    expect(sim.users.guestAnalyst.guest).toEqual({
      homeTenantId: FOURTH_COFFEE,
      homeUserPrincipalName: 'gale.guest@fourthcoffee.com',
    });
    expect(sim.users.guestNoRole.guest).toEqual({
      homeTenantId: PROSEWARE,
      homeUserPrincipalName: 'glen.guest@proseware.com',
    });
  });

  it("gives a guest with an app role an ID token of the partner tenant: tid and iss the partner's, idp the home directory's, their oid and roles", async () => {
    const gale = sim.users.guestAnalyst;
    const { idToken } = await signInAndRedeem(sim, gale.id);
    const claims = await verifyIdToken(sim, keys, idToken);
    expect(claims).toMatchObject({
      iss: `${sim.origin}/${sim.partner.id}/v2.0`,
      tid: sim.partner.id,
      idp: `https://sts.windows.net/${FOURTH_COFFEE}/`,
      oid: gale.id,
      roles: ['Canopy.Analyst'],
      name: 'Gale Guest',
      // The name they sign in with at home, not the #EXT# UPN of their guest account.
      preferred_username: 'gale.guest@fourthcoffee.com',
      email: 'gale.guest@fourthcoffee.com',
    });
    // `acct` (1 = guest) is an optional claim the app registration does not ask for.
    expect(claims).not.toHaveProperty('acct');
  });

  it('gives a guest without an app role a token without roles, still with idp', async () => {
    const glen = sim.users.guestNoRole;
    const claims = await verifyIdToken(sim, keys, (await signInAndRedeem(sim, glen.id)).idToken);
    expect(claims).toMatchObject({
      tid: sim.partner.id,
      idp: `https://sts.windows.net/${PROSEWARE}/`,
      oid: glen.id,
      preferred_username: 'glen.guest@proseware.com',
    });
    expect(claims).not.toHaveProperty('roles');
  });

  it("issues a guest's Graph token with acct 1, idp, the home name as unique_name, no upn and the Guest User role", async () => {
    const { accessToken } = await signInAndRedeem(sim, sim.users.guestAnalyst.id);
    const { payload } = await jwtVerify(accessToken, keys, {
      audience: '00000003-0000-0000-c000-000000000000',
      issuer: `https://sts.windows.net/${sim.partner.id}/`,
    });
    expect(payload).toMatchObject({
      tid: sim.partner.id,
      oid: sim.users.guestAnalyst.id,
      acct: 1,
      idp: `https://sts.windows.net/${FOURTH_COFFEE}/`,
      unique_name: 'gale.guest@fourthcoffee.com',
      wids: [GUEST_USER_ROLE_TEMPLATE_ID],
    });
    expect(payload).not.toHaveProperty('upn');
  });

  it("signs a guest in by the home name typed into 'Use another account'", async () => {
    const opened = await openAuthorize(sim);
    const picked = await submitAccount(sim, pendingIdOf(opened.response.text), {
      login: ' Glen.Guest@Proseware.com ',
    });
    const code = new URL(picked.location!).searchParams.get('code')!;
    const tokens = (await redeemCode(sim, { code, verifier: opened.verifier })).json<{ id_token: string }>();
    expect((await verifyIdToken(sim, keys, tokens.id_token)).oid).toBe(sim.users.guestNoRole.id);
  });
});
