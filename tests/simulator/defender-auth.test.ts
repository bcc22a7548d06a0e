import { request as httpsRequest, Agent } from 'node:https';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RATE_POLICIES, RateLimiter } from '../../simulator/defender/limits/rate-limiter';
import {
  AUDIENCE,
  TENANTS,
  call,
  expectDefenderError,
  expectGraphError,
  list,
  tokenFor,
  type Api,
} from './defender-support';
import { startTestSimulator, type TestSimulator } from './support/simulator';

let now = Date.UTC(2026, 4, 10, 12, 30);
let sim: TestSimulator;

beforeAll(async () => {
  sim = await startTestSimulator({ clock: () => now });
});
afterAll(async () => {
  await sim?.close();
});
beforeEach(() => {
  now += 3_600_000; // fresh rate-limit windows
});

const PATHS: Record<Api, string> = {
  mde: '/mde/api/alerts?$top=1',
  xdr: '/xdr/api/incidents?$top=1',
  graph: '/graph/v1.0/security/alerts_v2?$top=1',
};

function expectUnauthorized(api: Api, response: Awaited<ReturnType<typeof call>>, graphMessage: RegExp) {
  if (api === 'graph') expectGraphError(response, 401, 'InvalidAuthenticationToken', graphMessage);
  else expectDefenderError(response, 401, 'Unauthorized', 'Invalid Authorization payload.');
}

describe('401 for a missing or invalid token', () => {
  for (const api of ['mde', 'xdr', 'graph'] as const) {
    it(`${api}: missing, not Bearer, malformed, badly signed, expired`, async () => {
      expectUnauthorized(api, await call(sim, PATHS[api]), /Access token is empty/);
      expectUnauthorized(
        api,
        await call(sim, PATHS[api], { headers: { authorization: 'Basic dXNlcjpwYXNz' } }),
        /Access token is empty/,
      );
      expectUnauthorized(api, await call(sim, PATHS[api], { token: 'not-a-jwt' }), /validation failure/);
      expectUnauthorized(
        api,
        await call(sim, PATHS[api], { token: await tokenFor(sim, api, { foreignKey: true }) }),
        /validation failure/,
      );
      // Expired beyond the 5 minutes of accepted clock skew; just inside it still works.
      expectUnauthorized(
        api,
        await call(sim, PATHS[api], {
          token: await tokenFor(sim, api, { lifetimeSeconds: 3600, issuedSecondsAgo: 3600 + 301 }),
        }),
        /expired/,
      );
      expect(
        (
          await call(sim, PATHS[api], {
            token: await tokenFor(sim, api, { lifetimeSeconds: 3600, issuedSecondsAgo: 3600 + 200 }),
          })
        ).status,
      ).toBe(200);
    });
  }
});

describe('403 for the wrong audience, missing roles, or a product the tenant lacks', () => {
  it('checks the audience per API', async () => {
    expectDefenderError(
      await call(sim, PATHS.mde, { token: await tokenFor(sim, 'mde', { aud: AUDIENCE.xdr }) }),
      403,
      'Forbidden',
    );
    expectDefenderError(
      await call(sim, PATHS.xdr, { token: await tokenFor(sim, 'xdr', { aud: AUDIENCE.mde }) }),
      403,
      'Forbidden',
    );
    expectGraphError(
      await call(sim, PATHS.graph, { token: await tokenFor(sim, 'graph', { aud: AUDIENCE.mde }) }),
      403,
      'Forbidden',
      /Invalid audience/,
    );
    // MDE also takes the legacy windowsatpservice resource (§B5).
    expect(
      (
        await call(sim, PATHS.mde, {
          token: await tokenFor(sim, 'mde', { aud: 'https://securitycenter.onmicrosoft.com/windowsatpservice' }),
        })
      ).status,
    ).toBe(200);
  });

  it('checks app roles, naming the ones needed', async () => {
    expectDefenderError(
      await call(sim, PATHS.mde, { token: await tokenFor(sim, 'mde', { roles: [] }) }),
      403,
      'Forbidden',
      'The application does not have any of the required application permissions (Alert.ReadWrite.All, Alert.Read.All) to access the resource.',
    );
    expectDefenderError(
      await call(sim, PATHS.mde, { token: await tokenFor(sim, 'mde', { roles: ['Machine.Read.All'] }) }),
      403,
      'Forbidden',
    );
    expectDefenderError(
      await call(sim, PATHS.xdr, { token: await tokenFor(sim, 'xdr', { roles: ['Alert.Read.All'] }) }),
      403,
      'Forbidden',
      /Incident\.ReadWrite\.All, Incident\.Read\.All/,
    );
    expect(
      (await call(sim, PATHS.xdr, { token: await tokenFor(sim, 'xdr', { roles: ['Incident.Read.All'] }) })).status,
    ).toBe(200);
  });

  it('answers 403 DisabledFeature from MDE for a tenant without Defender for Endpoint; XDR still works', async () => {
    expectDefenderError(
      await call(sim, PATHS.mde, { token: await tokenFor(sim, 'mde', { tid: TENANTS.tailspin }) }),
      403,
      'DisabledFeature',
      /Defender for Endpoint/,
    );
    expect((await call(sim, PATHS.xdr, { token: await tokenFor(sim, 'xdr', { tid: TENANTS.tailspin }) })).status).toBe(
      200,
    );
  });

  it('shows a tenant with neither product empty Graph lists', async () => {
    sim.services.world.update((draft) => {
      draft.tenants.find((tenant) => tenant.id === TENANTS.tailspin)!.products = {
        defenderForEndpoint: false,
        defenderXdr: false,
      };
    });
    try {
      const graph = await tokenFor(sim, 'graph', { tid: TENANTS.tailspin });
      expect((await list(sim, '/graph/v1.0/security/alerts_v2', graph)).value).toEqual([]);
      expectDefenderError(
        await call(sim, PATHS.xdr, { token: await tokenFor(sim, 'xdr', { tid: TENANTS.tailspin }) }),
        403,
        'DisabledFeature',
      );
    } finally {
      sim.services.world.reset();
    }
  });
});

describe('rate limits per tenant and app', () => {
  /** Calls until the first 429; returns how many succeeded and the refusal. */
  async function exhaust(path: string, token: string, limit: number, method: 'GET' | 'POST' = 'GET', json?: unknown) {
    for (let i = 0; i < limit; i++) {
      const response = await call(sim, path, { token, method, json });
      expect(response.status, `call ${i + 1}: ${response.text.slice(0, 200)}`).toBe(200);
      now += 100;
    }
    return call(sim, path, { token, method, json });
  }

  function expectThrottled(response: Awaited<ReturnType<typeof call>>, dialect: 'defender' | 'graph') {
    const error =
      dialect === 'graph'
        ? expectGraphError(response, 429, 'TooManyRequests')
        : expectDefenderError(response, 429, 'TooManyRequests');
    const retryAfter = Number(response.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(error.message).toContain(`Try again in ${retryAfter} seconds`);
    return retryAfter;
  }

  it('MDE alerts: 100 per minute, then 429 with Retry-After until the window moves', async () => {
    const token = await tokenFor(sim, 'mde');
    const retryAfter = expectThrottled(await exhaust(PATHS.mde, token, 100), 'defender');
    expect(retryAfter).toBe(50); // the first call leaves the window 60 s after it was made (10 s ago)
    now += (retryAfter - 1) * 1000;
    expectThrottled(await call(sim, PATHS.mde, { token }), 'defender');
    now += 1000;
    expect((await call(sim, PATHS.mde, { token })).status).toBe(200);
    // Another app, or another tenant, has its own budget.
    expect(
      (
        await call(sim, PATHS.mde, {
          token: await tokenFor(sim, 'mde', { appid: '0c9a3c5e-5a3f-4c63-9a57-7d1f1ce2a0b1' }),
        })
      ).status,
    ).toBe(200);
    expect((await call(sim, PATHS.mde, { token: await tokenFor(sim, 'mde', { tid: TENANTS.litware }) })).status).toBe(
      200,
    );
  });

  it('MDE batchUpdate: 10 per minute', async () => {
    const token = await tokenFor(sim, 'mde');
    const [alert] = (await list<{ id: string }>(sim, PATHS.mde, token)).value;
    expectThrottled(
      await exhaust('/mde/api/alerts/batchUpdate', token, 10, 'POST', { alertIds: [alert!.id], comment: 'x' }),
      'defender',
    );
  });

  it('XDR incidents list: 50 per minute; get has its own budget', async () => {
    const token = await tokenFor(sim, 'xdr');
    expectThrottled(await exhaust(PATHS.xdr, token, 50), 'defender');
    const [incident] = (
      await list<{ incidentId: number }>(
        sim,
        '/xdr/api/incidents?$top=1',
        await tokenFor(sim, 'xdr', { appid: '0c9a3c5e-5a3f-4c63-9a57-7d1f1ce2a0b1' }),
      )
    ).value;
    expect((await call(sim, `/xdr/api/incidents/${incident!.incidentId}`, { token })).status).toBe(200);
  });

  it('Graph: 150 per minute per app per tenant, across alerts and incidents', async () => {
    const token = await tokenFor(sim, 'graph');
    for (let i = 0; i < 75; i++)
      expect((await call(sim, '/graph/v1.0/security/incidents?$top=1', { token })).status).toBe(200);
    expectThrottled(await exhaust(PATHS.graph, token, 75), 'graph');
  });

  it('counts hourly windows too (1,500 per hour for MDE alerts)', () => {
    let clock = 0;
    const limiter = new RateLimiter(() => clock);
    for (let i = 0; i < 1500; i++) {
      expect(limiter.take(RATE_POLICIES.mdeAlerts, 't', 'app').ok, `call ${i}`).toBe(true);
      clock += 700; // about 86 a minute: under the minute limit, 1,500 within 17.5 minutes
    }
    // The call at t=0 leaves the hour window at 3600 s; it is now 1050 s.
    expect(limiter.take(RATE_POLICIES.mdeAlerts, 't', 'app')).toMatchObject({
      ok: false,
      retryAfterSeconds: 2550,
      window: { windowMs: 3_600_000 },
    });
    expect(limiter.take(RATE_POLICIES.mdeAlerts, 't', 'other-app').ok).toBe(true);
  });
});

describe('faults injected through the control API', () => {
  const faultsPath = `/defender/tenants/${TENANTS.relecloud}/faults`;

  it('fails a seeded share of calls with 5xx, the same calls for the same seed', async () => {
    const token = await tokenFor(sim, 'mde', { tid: TENANTS.relecloud, roles: ['Alert.Read.All'] });
    const pattern = async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 20; i++) statuses.push((await call(sim, PATHS.mde, { token })).status);
      return statuses;
    };
    expect((await sim.control('PUT', faultsPath, { errorRate: 0.5, errorStatus: 503, seed: 's1' })).status).toBe(200);
    const first = await pattern();
    expect(first.filter((status) => status === 503).length).toBeGreaterThan(3);
    expect(first.filter((status) => status === 200).length).toBeGreaterThan(3);
    await sim.control('PUT', faultsPath, { errorRate: 0.5, errorStatus: 503, seed: 's1' });
    expect(await pattern()).toEqual(first);
    const failing = await (async () => {
      for (;;) {
        const response = await call(sim, PATHS.mde, { token });
        if (response.status === 503) return response;
      }
    })();
    expectDefenderError(failing, 503, 'ServiceUnavailable');
    expect((await sim.control('DELETE', faultsPath)).status).toBe(200);
    expect(await pattern()).toEqual(Array(20).fill(200));
  });

  it('forces 429 with a chosen Retry-After, only on the chosen APIs', async () => {
    await sim.control('PUT', faultsPath, { throttleRetryAfterSeconds: 7, apis: ['graph'] });
    const graph = await call(sim, PATHS.graph, { token: await tokenFor(sim, 'graph', { tid: TENANTS.relecloud }) });
    expectGraphError(graph, 429, 'TooManyRequests', /Try again in 7 seconds/);
    expect(graph.headers['retry-after']).toBe('7');
    expect((await call(sim, PATHS.mde, { token: await tokenFor(sim, 'mde', { tid: TENANTS.relecloud }) })).status).toBe(
      200,
    );
    await sim.control('DELETE', faultsPath);
  });

  it('serves raw field values for chosen MDE alerts (alertOverrides); filters and order still see the real ones', async () => {
    const token = await tokenFor(sim, 'mde', { tid: TENANTS.relecloud, roles: ['Alert.Read.All'] });
    type Wire = { id: string; severity: unknown; lastUpdateTime: string; title: unknown };
    const before = (await list<Wire>(sim, '/mde/api/alerts', token)).value;
    const [first, second] = before;
    const alertOverrides = {
      [first!.id]: { lastUpdateTime: 'soon', title: 42 },
      [second!.id]: { severity: 'Critical' },
    };
    expect((await sim.control('PUT', faultsPath, { alertOverrides })).status).toBe(200);

    const after = (
      await list<Wire>(sim, `/mde/api/alerts?$filter=lastUpdateTime ge ${before[0]!.lastUpdateTime}`, token)
    ).value;
    expect(after.map((alert) => alert.id)).toEqual(before.map((alert) => alert.id));
    expect(after[0]).toEqual({ ...before[0], lastUpdateTime: 'soon', title: 42 });
    expect(after[1]).toEqual({ ...before[1], severity: 'Critical' });
    expect(after.slice(2)).toEqual(before.slice(2));
    const one = await call(sim, `/mde/api/alerts/${second!.id}`, { token });
    expect(one.json<Wire>().severity).toBe('Critical');
    // Other APIs serve the alert as it is.
    const xdrToken = await tokenFor(sim, 'xdr', { tid: TENANTS.relecloud });
    const incidents = (
      await list<{ alerts: { alertId: string; severity: string }[] }>(sim, '/xdr/api/incidents', xdrToken)
    ).value;
    const inXdr = incidents.flatMap((incident) => incident.alerts).find((alert) => alert.alertId === second!.id);
    expect(inXdr?.severity).not.toBe('Critical');

    expect((await sim.control('PUT', faultsPath, { alertOverrides: { [first!.id]: 'x' } })).status).toBe(400);
    await sim.control('DELETE', faultsPath);
    expect((await list<Wire>(sim, '/mde/api/alerts', token)).value).toEqual(before);
  });

  it('delays answers by latencyMs, and never answers with timeout', async () => {
    const token = await tokenFor(sim, 'xdr', { tid: TENANTS.relecloud });
    await sim.control('PUT', faultsPath, { latencyMs: 120 });
    const started = performance.now();
    expect((await call(sim, PATHS.xdr, { token })).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(115);

    await sim.control('PUT', faultsPath, { timeout: true });
    const outcome = await new Promise<string>((resolve) => {
      const req = httpsRequest(
        `${sim.origin}${PATHS.xdr}`,
        { agent: new Agent({ ca: sim.ca }), headers: { authorization: `Bearer ${token}` } },
        (res) => resolve(`answered ${res.statusCode}`),
      );
      req.setTimeout(300, () => {
        req.destroy();
        resolve('timed out');
      });
      req.on('error', () => undefined);
      req.end();
    });
    expect(outcome).toBe('timed out');
    await sim.control('DELETE', faultsPath);
    expect((await call(sim, PATHS.xdr, { token })).status).toBe(200);
  });
});
