import { stat, readFile, writeFile, mkdtemp, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkControlAccess } from '../../simulator/control/control-auth';
import { startTestSimulator, type TestSimulator } from './support/simulator';
import { buildAuthorize } from './support/sign-in';

let sim: TestSimulator;
beforeAll(async () => {
  sim = await startTestSimulator();
});
afterAll(async () => {
  await sim?.close();
});

describe('control API access', () => {
  it('answers 401 without the bearer token or with a wrong one, for known and unknown control paths', async () => {
    const attempts: Record<string, string>[] = [
      {},
      { authorization: 'Bearer wrong-token-value' },
      { authorization: `Basic ${sim.controlToken}` },
    ];
    for (const headers of attempts) {
      for (const route of ['/_control/requests', '/_control/no-such-thing', '/_control']) {
        const response = await sim.request(`${sim.origin}${route}`, { headers });
        expect(response.status, `${route} ${JSON.stringify(headers)}`).toBe(401);
        expect(response.json()).toMatchObject({ error: 'unauthorized' });
        expect(response.headers['www-authenticate']).toMatch(/^Bearer /);
      }
    }
    const allowed = await sim.control('GET', '/requests');
    expect(allowed.status).toBe(200);
  });

  it('refuses callers that are not on loopback even with the token, and listens on 127.0.0.1 only', () => {
    const fakeRequest = (remoteAddress: string) =>
      ({
        socket: { remoteAddress },
        headers: { authorization: `Bearer ${sim.controlToken}` },
      }) as unknown as IncomingMessage;
    expect(checkControlAccess(fakeRequest('10.1.2.3'), sim.controlToken)?.status).toBe(403);
    expect(checkControlAccess(fakeRequest('::ffff:192.168.0.4'), sim.controlToken)?.status).toBe(403);
    expect(checkControlAccess(fakeRequest('127.0.0.1'), sim.controlToken)).toBeUndefined();
    expect(checkControlAccess(fakeRequest('::1'), sim.controlToken)).toBeUndefined();
    expect(new URL(sim.origin).hostname).toBe('127.0.0.1');
  });

  it('keeps the token in <data-dir>/control-token (mode 0600) and never prints it', async () => {
    expect(sim.controlTokenFile).toBe(path.join(sim.dataDir, 'control-token'));
    expect((await readFile(sim.controlTokenFile, 'utf8')).trim()).toBe(sim.controlToken);
    expect((await stat(sim.controlTokenFile)).mode & 0o777).toBe(0o600);
    expect(sim.controlToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await sim.control('GET', '/requests');
    expect(sim.logLines.join('\n')).not.toContain(sim.controlToken);
  });

  it('uses the token already in --control-token-file, or writes a new one there', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'canopy-sim-token-'));
    try {
      const given = path.join(dir, 'given-token');
      await writeFile(given, 'launcher-chosen-token-0123456789\n', { mode: 0o600 });
      const withGiven = await startTestSimulator({ controlTokenFile: given });
      expect(withGiven.controlToken).toBe('launcher-chosen-token-0123456789');
      expect((await withGiven.control('GET', '/requests')).status).toBe(200);
      await withGiven.close();

      const fresh = path.join(dir, 'fresh-token');
      const withFresh = await startTestSimulator({ controlTokenFile: fresh });
      expect((await readFile(fresh, 'utf8')).trim()).toBe(withFresh.controlToken);
      expect((await stat(fresh)).mode & 0o777).toBe(0o600);
      await withFresh.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('request log', () => {
  it('records every request with method, path, redacted query, tenant GUID and status, but not control calls', async () => {
    await sim.control('DELETE', '/requests');
    const authorize = buildAuthorize(sim, {
      tenant: 'contososecurity.onmicrosoft.com',
      params: { login_hint: 'someone@example.com' },
    });
    const page = await sim.request(`${authorize.url}?${new URLSearchParams(authorize.params)}`);
    expect(page.status).toBe(200);
    const unknownTenant = await sim.request(`${sim.origin}/nobody.example/v2.0/.well-known/openid-configuration`);
    expect(unknownTenant.status).toBe(400);

    const entries = await sim.requestLog();
    expect(entries).toHaveLength(2);
    const [first, second] = entries;
    expect(first).toMatchObject({
      method: 'GET',
      path: '/contososecurity.onmicrosoft.com/oauth2/v2.0/authorize',
      tenantId: sim.partner.id,
      credential: null,
      status: 200,
      query: {
        client_id: sim.app.clientId,
        redirect_uri: sim.redirectUri,
        response_type: 'code',
        scope: 'openid profile email',
        code_challenge_method: 'S256',
        state: '[redacted]',
        nonce: '[redacted]',
        code_challenge: '[redacted]',
        login_hint: '[redacted]',
      },
    });
    expect(Number.isNaN(Date.parse(first!.time))).toBe(false);
    expect(second).toMatchObject({
      path: '/nobody.example/v2.0/.well-known/openid-configuration',
      tenantId: null,
      status: 400,
    });
    const serialized = JSON.stringify(entries);
    for (const secret of [authorize.state, authorize.nonce, authorize.params.code_challenge!])
      expect(serialized).not.toContain(secret);
  });

  it('filters by tenant (GUID or domain) and by id, and clears', async () => {
    await sim.control('DELETE', '/requests');
    await sim.request(`${sim.origin}/${sim.partner.id}/v2.0/.well-known/openid-configuration`);
    await sim.request(`${sim.origin}/${sim.customer.id}/v2.0/.well-known/openid-configuration`);
    await sim.request(`${sim.origin}/${sim.customer.verifiedDomains[0]}/.well-known/openid-configuration`);

    const customer = await sim.requestLog({ tenant: sim.customer.verifiedDomains[0] });
    expect(customer.map((entry) => entry.path)).toEqual([
      `/${sim.customer.id}/v2.0/.well-known/openid-configuration`,
      `/${sim.customer.verifiedDomains[0]}/.well-known/openid-configuration`,
    ]);
    expect(await sim.requestLog({ tenant: sim.customer.id })).toEqual(customer);
    expect(await sim.requestLog({ after: customer[0]!.id })).toEqual([customer[1]]);

    expect((await sim.control('DELETE', '/requests')).status).toBe(200);
    expect(await sim.requestLog()).toEqual([]);
    expect((await sim.control('GET', '/requests?after=x')).status).toBe(400);
  });
});
