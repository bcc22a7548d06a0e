// Onboarding end to end below the UI: Canopy's own use cases in a child process (trusting the
// simulator's CA as the server does) against a real PostgreSQL and the simulator over https. The
// test plays the customer's browser at the simulator's consent pages, then hands Microsoft's
// redirect to Canopy's callback handler, and checks what Canopy stored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallbackResult } from '@/lib/consent/handle-callback';
import type { CreatedInvitation } from '@/lib/invitations/create-invitation';
import type { Db } from '@/lib/db/client';
import type { RegisterTenantResult } from '@/lib/tenants/register-tenant';
import type { CanopyDriver } from './support/canopy-driver-client';
import { ALL_DATA, startIntegrationWorld, TENANTS, type IntegrationWorld } from './support/integration-world';

const { fabrikam: FABRIKAM, northwind: NORTHWIND, tailspin: TAILSPIN, woodgrove: WOODGROVE } = TENANTS;
const DANA = 'dana.admin@fabrikam.onmicrosoft.com';

let world: IntegrationWorld;
let db: Db;
let simulator: IntegrationWorld['simulator'];
let canopy: CanopyDriver;
let actor: { id: string; name: string };
/** Added to the simulator's clock: replication delays pass without waiting. */
let simulatorClockOffset = 0;

type Fetched = { status: number; location: string | null; body: string };

beforeAll(async () => {
  world = await startIntegrationWorld({
    name: 'consent',
    simulator: { clock: () => Date.now() + simulatorClockOffset },
    env: { CANOPY_PARTNER_NAME: 'Contoso Security Partners' },
    driver: true,
  });
  ({ db, simulator, driver: canopy } = world);
  actor = await world.createStaffUser('Avery Admin');
}, 90_000);

afterAll(() => world?.stop());

async function register(tenant: string, dataSources = ALL_DATA): Promise<string> {
  const displayName = tenant.split('.')[0]!.replace(/^./, (c) => c.toUpperCase());
  const result = await canopy.call<RegisterTenantResult>('register', {
    input: { tenant, displayName, adminEmails: '', notes: '', dataSources },
    actor,
  });
  if (!result.ok) throw new Error(result.error);
  return result.tenant.id;
}

/** A new invitation and "Continue to Microsoft": the admin-consent URL with its state. */
async function startConsent(tenantId: string): Promise<URL> {
  const invitation = await canopy.call<CreatedInvitation>('invite', { tenantId, actor });
  const token = new URL(invitation.url).pathname.split('/').at(-1)!;
  const started = await canopy.call<{ ok: boolean; url: string }>('continue', { token });
  expect(started.ok).toBe(true);
  return new URL(started.url);
}

const hidden = (html: string, name: string) => html.match(new RegExp(`name="${name}" value="([^"]+)"`))?.[1];
const formAction = (html: string) => html.match(/<form method="post" action="([^"]+)"/)?.[1];

/** The customer's admin at Microsoft: picks an account, then Accept or Cancel (when asked). */
async function consentAtMicrosoft(url: URL, login: string, decision: 'accept' | 'cancel'): Promise<Fetched> {
  const picker = await canopy.call<Fetched>('fetch', { url: url.toString() });
  expect(picker.status).toBe(200);
  const signedIn = await canopy.call<Fetched>('fetch', {
    url: new URL(formAction(picker.body)!, simulator.origin).toString(),
    form: { pending: hidden(picker.body, 'pending')!, login },
  });
  if (signedIn.status !== 200 || !signedIn.body.includes('name="decision"')) return signedIn;
  return canopy.call<Fetched>('fetch', {
    url: new URL(formAction(signedIn.body)!, simulator.origin).toString(),
    form: { pending: hidden(signedIn.body, 'pending')!, decision },
  });
}

/** Microsoft's redirect, handed to Canopy's callback as the browser would. */
async function callback(redirect: Fetched | string): Promise<CallbackResult> {
  const location = typeof redirect === 'string' ? redirect : redirect.location!;
  expect(location).toMatch(/^http:\/\/localhost:3000\/consent\/callback\?/);
  return canopy.call<CallbackResult>('callback', { query: new URL(location).search });
}

const tenantRow = (id: string) =>
  db.customerTenant.findUniqueOrThrow({
    where: { id },
    select: { status: true, lastError: true, permissions: true, revokedAt: true, lastVerifiedAt: true },
  });
/** Verification jobs queued for a tenant (pg-boss creates its schema with the first job). */
async function verifyJobs(tenantId: string): Promise<bigint> {
  const [schema] = await db.$queryRaw<{ ready: boolean }[]>`SELECT to_regclass('pgboss.job') IS NOT NULL AS ready`;
  if (!schema?.ready) return 0n;
  const [row] = await db.$queryRaw<{ n: bigint }[]>`
    SELECT count(*) AS n FROM pgboss.job WHERE name = 'verify-consent' AND data->>'tenantId' = ${tenantId}`;
  return row!.n;
}
const auditOf = async (tenantGuid: string) =>
  (await db.auditEvent.findMany({ where: { tenantId: tenantGuid }, orderBy: { id: 'asc' } })).map(
    (e) => `${e.action} ${e.result}`,
  );

describe('admin consent through an invitation', () => {
  let fabrikam: string;

  beforeAll(async () => {
    fabrikam = await register('fabrikam.onmicrosoft.com');
  });

  it('sends the admin to the tenant-specific v2 admin-consent URL with a /.default scope and a one-time state', async () => {
    const url = await startConsent(fabrikam);
    expect(`${url.origin}${url.pathname}`).toBe(`${simulator.origin}/${FABRIKAM}/v2.0/adminconsent`);
    expect(url.searchParams.get('client_id')).toBe(simulator.world.application.clientId);
    expect(url.searchParams.get('scope')).toBe('https://api.securitycenter.microsoft.com/.default');
    expect(url.searchParams.get('redirect_uri')).toBe('http://localhost:3000/consent/callback');
    expect(url.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await tenantRow(fabrikam)).status).toBe('INVITED');
  });

  it('Cancel at Microsoft: consent declined with AADSTS65004 explained; nothing to verify', async () => {
    const result = await callback(await consentAtMicrosoft(await startConsent(fabrikam), DANA, 'cancel'));
    expect(result).toMatchObject({ status: 200, page: { kind: 'declined', code: 65004 } });
    expect(await tenantRow(fabrikam)).toMatchObject({
      status: 'DECLINED',
      lastError: { code: 65004, title: 'Consent declined' },
    });
    expect(await verifyJobs(fabrikam)).toBe(0n);
  });

  it('an account of another directory: AADSTS50020, Failed with the explanation', async () => {
    const redirect = await consentAtMicrosoft(
      await startConsent(fabrikam),
      'nadia.admin@northwindtraders.onmicrosoft.com',
      'accept',
    );
    const result = await callback(redirect);
    expect(result).toMatchObject({ status: 200, page: { kind: 'failed', code: 50020 } });
    expect((await tenantRow(fabrikam)).status).toBe('FAILED');
  });

  it('a non-admin is stopped at Microsoft ("Need admin approval"): no callback, no change', async () => {
    const page = await consentAtMicrosoft(
      await startConsent(fabrikam),
      'finley.user@fabrikam.onmicrosoft.com',
      'accept',
    );
    expect(page.status).toBe(200);
    expect(page.location).toBeNull();
    expect(page.body).toMatch(/Need admin approval/i);
    expect((await tenantRow(fabrikam)).status).toBe('INVITED');
  });

  it('success: Consented, verified by fresh tokens (tid and roles per resource), then Connected; the state is never stored', async () => {
    const url = await startConsent(fabrikam);
    const state = url.searchParams.get('state')!;
    const redirect = await consentAtMicrosoft(url, DANA, 'accept');
    const query = new URL(redirect.location!).searchParams;
    expect(query.get('admin_consent')).toBe('True');
    expect(query.get('tenant')).toBe(FABRIKAM);

    expect(await callback(redirect)).toEqual({ status: 200, page: { kind: 'accepted', tenantName: 'Fabrikam' } });
    expect((await tenantRow(fabrikam)).status).toBe('CONSENTED');
    expect(await verifyJobs(fabrikam)).toBe(1n);

    await canopy.call('check', { tenantId: fabrikam, purpose: 'verification' });
    const tenant = await tenantRow(fabrikam);
    expect(tenant.status).toBe('CONNECTED');
    expect(tenant.lastError).toBeNull();
    const permissions = tenant.permissions as {
      api: string;
      missing: string[];
      granted: string[];
      claims: { tid: string };
    }[];
    expect(permissions.map((p) => [p.api, p.missing, p.claims.tid])).toEqual([
      ['WindowsDefenderATP', [], FABRIKAM],
      ['Microsoft Threat Protection', [], FABRIKAM],
      ['Microsoft Graph', [], FABRIKAM],
    ]);
    expect(permissions[0]!.granted).toContain('Alert.Read.All');

    const dump = await db.$queryRaw<{ row: string }[]>`
      SELECT row_to_json(e)::text AS row FROM consent_event e
      UNION ALL SELECT row_to_json(r)::text FROM consent_request r
      UNION ALL SELECT row_to_json(a)::text FROM audit_event a`;
    expect(dump.length).toBeGreaterThan(5);
    expect(dump.map((d) => d.row).join('\n')).not.toContain(state);
    expect(await auditOf(FABRIKAM)).toEqual(
      expect.arrayContaining(['consent.accepted SUCCESS', 'tenant.verified SUCCESS']),
    );

    // The same redirect again (a reload): the same page, no second transition.
    expect(await callback(redirect)).toEqual({ status: 200, page: { kind: 'accepted', tenantName: 'Fabrikam' } });
    expect(await verifyJobs(fabrikam)).toBe(1n);
    // Any other callback carrying that spent state: refused.
    const altered = new URL(redirect.location!);
    altered.searchParams.set('scope', 'something-else');
    expect(await callback(altered.toString())).toMatchObject({
      status: 400,
      page: { kind: 'invalid', reason: 'spent' },
    });
  });

  it('50 identical callbacks at once make exactly one transition', async () => {
    const redirect = await consentAtMicrosoft(await startConsent(fabrikam), DANA, 'accept');
    const before = await verifyJobs(fabrikam);
    const results = await Promise.all(Array.from({ length: 50 }, () => callback(redirect)));
    expect(new Set(results.map((r) => JSON.stringify(r)))).toEqual(
      new Set([JSON.stringify({ status: 200, page: { kind: 'accepted', tenantName: 'Fabrikam' } })]),
    );
    expect((await verifyJobs(fabrikam)) - before).toBe(1n);
    const dispositions = await db.$queryRaw<{ disposition: string; n: bigint }[]>`
      SELECT disposition, count(*) AS n FROM consent_event
      WHERE consent_request_id = (SELECT consent_request_id FROM consent_event ORDER BY id DESC LIMIT 1)
      GROUP BY disposition ORDER BY disposition`;
    expect(dispositions.map((d) => `${d.disposition} ${d.n}`)).toEqual(['accepted 1', 'replay 49']);
  });

  it('refuses an expired state, an unknown state, duplicate parameters and another tenant, recording security events', async () => {
    const expired = await startConsent(fabrikam);
    await db.$executeRaw`UPDATE consent_request SET expires_at = now() - interval '1 second' WHERE consumed_at IS NULL AND superseded_at IS NULL`;
    const success = (state: string, tenant = FABRIKAM) =>
      `http://localhost:3000/consent/callback?admin_consent=True&tenant=${tenant}&state=${state}`;
    expect(await callback(success(expired.searchParams.get('state')!))).toMatchObject({
      status: 400,
      page: { reason: 'expired' },
    });
    expect(await callback(success('A'.repeat(43)))).toMatchObject({ status: 400, page: { reason: 'unknown' } });
    const state = (await startConsent(fabrikam)).searchParams.get('state')!;
    expect(await callback(`${success(state)}&state=${state}`)).toMatchObject({
      status: 400,
      page: { reason: 'duplicate' },
    });
    expect(await callback(`${success(state)}&tenant=${FABRIKAM}`)).toMatchObject({
      status: 400,
      page: { reason: 'duplicate' },
    });

    const statusBefore = (await tenantRow(fabrikam)).status;
    expect(await callback(success(state, NORTHWIND))).toEqual({ status: 400, page: { kind: 'rejected' } });
    expect((await tenantRow(fabrikam)).status).toBe(statusBefore);
    // The mismatch consumed the state: the genuine success cannot follow it.
    expect(await callback(success(state))).toMatchObject({ status: 400, page: { reason: 'spent' } });

    const refusals = await db.auditEvent.findMany({
      where: { action: 'consent.callback-refused' },
      select: { result: true, detail: true },
    });
    expect(refusals.map((r) => (r.detail as { reason: string }).reason)).toEqual(
      expect.arrayContaining([
        'expired-state',
        'unknown-state',
        'duplicate-parameters',
        'tenant-mismatch',
        'spent-state',
      ]),
    );
    expect(new Set(refusals.map((r) => r.result))).toEqual(new Set(['REFUSED']));
  });
});

describe('verification never trusts the callback alone', () => {
  it('a forged success for a tenant that never consented is accepted as a callback but never becomes Connected', async () => {
    const woodgrove = await register('woodgrovebank.onmicrosoft.com', ['MDE_ALERTS']);
    const url = await startConsent(woodgrove);
    const forged = `http://localhost:3000/consent/callback?admin_consent=True&tenant=${WOODGROVE}&state=${url.searchParams.get('state')}`;
    expect((await callback(forged)).page.kind).toBe('accepted');
    expect(await canopy.call('check', { tenantId: woodgrove, purpose: 'verification' })).toEqual({
      status: 'CONSENTED',
      retry: true,
    });
    expect(await tenantRow(woodgrove)).toMatchObject({ status: 'CONSENTED', lastError: { code: 700016 } });
    // The verification window ends: Failed, with the explanation.
    await db.customerTenant.update({ where: { id: woodgrove }, data: { verifyUntil: new Date(Date.now() - 1000) } });
    expect(await canopy.call('check', { tenantId: woodgrove, purpose: 'verification' })).toEqual({
      status: 'FAILED',
      retry: false,
    });
    expect(await auditOf(WOODGROVE)).toContain('tenant.verified FAILURE');
  });

  it('an Application Administrator cannot consent to Graph app roles: stopped at Microsoft', async () => {
    const woodgrove = (await db.customerTenant.findUniqueOrThrow({ where: { entraTenantId: WOODGROVE } })).id;
    await db.customerTenant.update({ where: { id: woodgrove }, data: { dataSources: ALL_DATA as never } });
    const page = await consentAtMicrosoft(
      await startConsent(woodgrove),
      'wren.appadmin@woodgrovebank.onmicrosoft.com',
      'accept',
    );
    expect(page.location).toBeNull();
    expect(page.body).toMatch(/Need admin approval/i);
  });

  it('a tenant without Defender for Endpoint: consent fails with AADSTS650052, explained', async () => {
    const tailspin = await register('tailspintoys.onmicrosoft.com', ['MDE_ALERTS']);
    const result = await callback(
      await consentAtMicrosoft(await startConsent(tailspin), 'taylor.admin@tailspintoys.onmicrosoft.com', 'accept'),
    );
    expect(result).toMatchObject({ status: 200, page: { kind: 'failed', code: 650052 } });
    expect(await tenantRow(tailspin)).toMatchObject({ status: 'FAILED', lastError: { code: 650052 } });
    expect(await auditOf(TAILSPIN)).toContain('consent.failed FAILURE');
  });

  it('replication delay: 700016 right after consent is retried, and the tenant connects once it replicates', async () => {
    const fabrikam = (await db.customerTenant.findUniqueOrThrow({ where: { entraTenantId: FABRIKAM } })).id;
    expect((await world.control('DELETE', `/tenants/${FABRIKAM}/service-principal`)).status).toBe(200);
    expect((await world.control('PUT', `/tenants/${FABRIKAM}/replication-delay`, { seconds: 120 })).status).toBe(200);
    await callback(await consentAtMicrosoft(await startConsent(fabrikam), DANA, 'accept'));
    expect(await canopy.call('check', { tenantId: fabrikam, purpose: 'verification' })).toEqual({
      status: 'CONSENTED',
      retry: true,
    });
    simulatorClockOffset += 121_000;
    expect(await canopy.call('check', { tenantId: fabrikam, purpose: 'verification' })).toEqual({
      status: 'CONNECTED',
      retry: false,
    });
    await world.control('DELETE', `/tenants/${FABRIKAM}/replication-delay`);
  });
});

describe('health checks', () => {
  it('detect revocation (tokens without roles) and record when; a new grant connects the tenant again', async () => {
    const fabrikam = (await db.customerTenant.findUniqueOrThrow({ where: { entraTenantId: FABRIKAM } })).id;
    expect((await tenantRow(fabrikam)).status).toBe('CONNECTED');
    await world.control('DELETE', `/tenants/${FABRIKAM}/grants`);
    await canopy.call('healthCheck');
    const revoked = await tenantRow(fabrikam);
    expect(revoked.status).toBe('REVOKED');
    expect(revoked.revokedAt).not.toBeNull();
    expect(await auditOf(FABRIKAM)).toContain('tenant.revocation-detected FAILURE');

    await world.control('POST', `/tenants/${FABRIKAM}/consent`);
    simulatorClockOffset += 3600_000; // past any replication delay
    await canopy.call('healthCheck');
    expect(await tenantRow(fabrikam)).toMatchObject({ status: 'CONNECTED', revokedAt: null });
  });

  it('a partner secret that expired is one partner-side problem, not a failure of the tenant', async () => {
    const fabrikam = (await db.customerTenant.findUniqueOrThrow({ where: { entraTenantId: FABRIKAM } })).id;
    const secretId = simulator.world.application.clientSecrets[0]!.id;
    await world.control('POST', `/application/secrets/${secretId}/expire`);
    await canopy.call('check', { tenantId: fabrikam, purpose: 'health' });
    expect((await tenantRow(fabrikam)).status).toBe('CONNECTED');
    expect(await db.partnerCredentialHealth.findUnique({ where: { id: 1 } })).toMatchObject({ errorCode: 7000222 });

    await world.control('PATCH', `/application/secrets/${secretId}`, { expiresAt: '2099-12-31T00:00:00Z' });
    await canopy.call('check', { tenantId: fabrikam, purpose: 'health' });
    expect(await db.partnerCredentialHealth.findUnique({ where: { id: 1 } })).toMatchObject({
      errorCode: null,
      failingSince: null,
    });
  });

  it('"check now" connects a tenant consented outside Canopy (the legacy link), with no invitation', async () => {
    const northwind = await register(NORTHWIND, ['MDE_ALERTS']);
    expect(await canopy.call('check', { tenantId: northwind, purpose: 'health' })).toEqual({
      status: 'CONNECTED',
      retry: false,
    });
  });
});
