import { decodeJwt } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fetchSigningKeys, signInAndRedeem, verifyIdToken } from './support/id-tokens';
import { redeemCode, signInForCode } from './support/sign-in';
import { startTestSimulator, type TestSimulator } from './support/simulator';

let sim: TestSimulator;
let keys: Awaited<ReturnType<typeof fetchSigningKeys>>;
beforeAll(async () => {
  sim = await startTestSimulator();
  keys = await fetchSigningKeys(sim);
});
afterAll(async () => {
  await sim?.close();
});
beforeEach(async () => {
  expect((await sim.control('POST', '/reset')).status).toBe(200);
});

const path = () => `/tenants/${sim.partner.id}/next-id-token`;
const tidOfNextSignIn = async () =>
  (await verifyIdToken(sim, keys, (await signInAndRedeem(sim, sim.users.admin.id)).idToken)).tid;

describe("control API: the next ID token carries another tenant's tid", () => {
  it('changes tid on exactly the next ID token; the token stays signed, with the issuer of the authority it was requested at', async () => {
    const fabrikam = sim.tenant('Fabrikam').id;
    const set = await sim.control('PUT', path(), { tid: fabrikam.toUpperCase() });
    expect(set.status).toBe(200);
    expect(set.json()).toEqual({ tenantId: sim.partner.id, nextIdToken: { tid: fabrikam } });
    expect((await sim.control('GET', `/tenants/${sim.partner.id}`)).json()).toMatchObject({
      nextIdToken: { tid: fabrikam },
    });

    const { idToken, accessToken } = await signInAndRedeem(sim, sim.users.admin.id);
    // verifyIdToken checks the signature and iss = the partner's v2 issuer, as openid-client does.
    const claims = await verifyIdToken(sim, keys, idToken);
    expect(claims).toMatchObject({
      iss: `${sim.origin}/${sim.partner.id}/v2.0`,
      tid: fabrikam,
      oid: sim.users.admin.id,
      roles: ['Canopy.Admin'],
    });
    // Only the ID token: the Graph token of the same response keeps the real tenant.
    expect(decodeJwt(accessToken).tid).toBe(sim.partner.id);

    expect(await tidOfNextSignIn()).toBe(sim.partner.id);
    expect((await sim.control('GET', `/tenants/${sim.partner.id}`)).json()).toMatchObject({ nextIdToken: null });
  });

  it('is consumed only by an ID token actually issued: a refused redemption leaves it armed', async () => {
    const other = '00000000-0000-4000-8000-00000000b0b0';
    await sim.control('PUT', path(), { tid: other });
    const flow = await signInForCode(sim, sim.users.analyst.id);
    expect((await redeemCode(sim, { code: flow.code, verifier: 'x'.repeat(43) })).status).toBe(400);
    expect(await tidOfNextSignIn()).toBe(other);
  });

  it('is cleared by DELETE and by reset, and only applies to sign-ins at its own tenant', async () => {
    const other = '00000000-0000-4000-8000-00000000b0b0';
    await sim.control('PUT', path(), { tid: other });
    const cleared = await sim.control('DELETE', path());
    expect(cleared.status).toBe(200);
    expect(cleared.json()).toEqual({ tenantId: sim.partner.id, nextIdToken: null });
    expect(await tidOfNextSignIn()).toBe(sim.partner.id);

    await sim.control('PUT', path(), { tid: other });
    await sim.control('POST', '/reset');
    expect(await tidOfNextSignIn()).toBe(sim.partner.id);

    await sim.control('PUT', `/tenants/${sim.tenant('Fabrikam').id}/next-id-token`, { tid: other });
    expect(await tidOfNextSignIn()).toBe(sim.partner.id);
  });

  it('needs the control token, a GUID tid and a known tenant', async () => {
    const unauthenticated = await sim.request(`${sim.origin}/_control${path()}`, {
      method: 'PUT',
      json: { tid: sim.tenant('Fabrikam').id },
    });
    expect(unauthenticated.status).toBe(401);

    const invalid = await sim.control('PUT', path(), { tid: 'fabrikam.onmicrosoft.com' });
    expect(invalid.status).toBe(400);
    expect(invalid.json()).toMatchObject({ error: 'invalid_request', details: [expect.stringMatching(/^tid: /)] });
    expect((await sim.control('PUT', path(), {})).status).toBe(400);
    expect((await sim.control('PUT', path(), { tid: sim.partner.id, oid: sim.partner.id })).status).toBe(400);
    expect((await sim.control('PUT', '/tenants/nobody.example/next-id-token', { tid: sim.partner.id })).status).toBe(
      404,
    );
    expect(await tidOfNextSignIn()).toBe(sim.partner.id);
  });
});
