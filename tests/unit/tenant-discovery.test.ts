import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverTenant } from '@/lib/microsoft/tenant-discovery';

/**
 * Discovery answers as Entra gives them (reference §B4, §C3), served by a small HTTP server: a
 * commercial tenant, a US Government tenant seen from the commercial host, an unknown tenant, and
 * answers Canopy cannot use.
 */
const COMMERCIAL = '57b6504a-dffe-45bb-a0ef-ec5f14e05f6a';
const GOVERNMENT = '0f3e2d1c-5b4a-4c3d-9e8f-7a6b5c4d3e2f';

const answers: Record<string, { status: number; body: unknown }> = {
  'northwind.example': {
    status: 200,
    body: {
      issuer: `https://login.microsoftonline.com/${COMMERCIAL}/v2.0`,
      token_endpoint: `https://login.microsoftonline.com/${COMMERCIAL}/oauth2/v2.0/token`,
      tenant_region_scope: 'EU',
      cloud_instance_name: 'microsoftonline.com',
    },
  },
  'agency.example': {
    status: 200,
    body: {
      issuer: `https://login.microsoftonline.us/${GOVERNMENT}/v2.0`,
      token_endpoint: `https://login.microsoftonline.us/${GOVERNMENT}/oauth2/v2.0/token`,
      tenant_region_scope: 'USGov',
      cloud_instance_name: 'microsoftonline.us',
    },
  },
  'unknown.example': {
    status: 400,
    body: {
      error: 'invalid_tenant',
      error_description: "AADSTS90002: Tenant 'unknown.example' not found.\r\nTrace ID: 1",
      error_codes: [90002],
    },
  },
  'templated.example': {
    status: 200,
    body: { issuer: 'https://login.microsoftonline.com/{tenantid}/v2.0', token_endpoint: 'x' },
  },
  'broken.example': { status: 502, body: 'Bad gateway' },
};

let server: Server;
let authorityHost: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    const tenant = decodeURIComponent(request.url!.split('/')[1]!);
    const answer = answers[tenant] ?? { status: 404, body: {} };
    response.writeHead(answer.status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  authorityHost = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise((resolve) => server.close(resolve)));

const discover = (tenant: string) =>
  discoverTenant(tenant, { authorityHost, cloudInstanceName: 'microsoftonline.com' });

describe('discoverTenant', () => {
  it('reads the tenant GUID from the issuer', async () => {
    expect(await discover('northwind.example')).toEqual({
      ok: true,
      tenant: { tenantId: COMMERCIAL, cloudInstanceName: 'microsoftonline.com' },
    });
  });

  it('refuses a tenant of another cloud, naming both clouds', async () => {
    expect(await discover('agency.example')).toMatchObject({
      ok: false,
      reason: 'other-cloud',
      message: expect.stringContaining('another Microsoft cloud (microsoftonline.us)') as string,
    });
  });

  it('explains an unknown tenant with AADSTS90002', async () => {
    expect(await discover('unknown.example')).toMatchObject({ ok: false, reason: 'not-found' });
  });

  it('refuses documents it cannot read and HTTP errors, without crashing', async () => {
    expect(await discover('templated.example')).toMatchObject({ ok: false, reason: 'unexpected' });
    expect(await discover('broken.example')).toMatchObject({ ok: false, reason: 'unexpected' });
  });

  it('says when the sign-in host cannot be reached', async () => {
    const result = await discoverTenant('northwind.example', {
      authorityHost: 'http://127.0.0.1:1',
      cloudInstanceName: 'microsoftonline.com',
    });
    expect(result).toMatchObject({ ok: false, reason: 'unreachable' });
  });
});
