import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RequestLogEntry } from '../../../simulator/control/request-log';
import { startSimulator, type StartSimulatorOptions } from '../../../simulator/index';
import { createClient, type RequestOptions } from './https-client';

/** The simulator on an ephemeral port with its own data dir, a CA-trusting client and captured logs. */
export async function startTestSimulator(options: StartSimulatorOptions = {}) {
  const ownDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(tmpdir(), 'canopy-sim-test-')));
  const logLines: string[] = [];
  const simulator = await startSimulator({ port: 0, log: (line) => logLines.push(line), ...options, dataDir });
  const ca = await readFile(simulator.caCertPath, 'utf8');
  const request = createClient(ca);

  const world = simulator.world;
  const partner = world.tenants.find((tenant) => tenant.id === world.application.homeTenantId)!;
  const customer = world.tenants.find((tenant) => tenant.id !== partner.id)!;
  const members = partner.users.filter((user) => user.guest === undefined);
  const userWithRole = (role: string | null) =>
    members.find((user) => (role ? user.appRoleAssignments.includes(role) : user.appRoleAssignments.length === 0))!;
  const guest = (withRole: boolean) =>
    partner.users.find((user) => user.guest !== undefined && user.appRoleAssignments.length > 0 === withRole)!;

  return {
    ...simulator,
    dataDir,
    ca,
    request,
    logLines,
    partner,
    customer,
    app: world.application,
    secret: world.application.clientSecrets.find((secret) => secret.value)?.value ?? '',
    redirectUri: world.application.redirectUris[0]!,
    /** A tenant of the world as started, by display name. */
    tenant(displayName: string) {
      const found = world.tenants.find((tenant) => tenant.displayName === displayName);
      if (!found) throw new Error(`no tenant ${displayName}`);
      return found;
    },
    users: {
      admin: userWithRole('Canopy.Admin'),
      analyst: userWithRole('Canopy.Analyst'),
      noRole: userWithRole(null),
      /** B2B guests of the partner tenant (home directory elsewhere), with and without an app role. */
      guestAnalyst: guest(true),
      guestNoRole: guest(false),
      foreign: customer.users[0]!,
    },
    /** A control API call with the control token: `control("PUT", "/tenants/…", body)`. */
    control(method: NonNullable<RequestOptions['method']>, path: string, json?: unknown) {
      return request(`${simulator.origin}/_control${path}`, {
        method,
        json,
        headers: { authorization: `Bearer ${simulator.controlToken}` },
      });
    },
    /** The request log (optionally one tenant's), oldest first. */
    async requestLog(filter: { tenant?: string; after?: number } = {}): Promise<RequestLogEntry[]> {
      const query = new URLSearchParams();
      if (filter.tenant) query.set('tenant', filter.tenant);
      if (filter.after !== undefined) query.set('after', String(filter.after));
      const response = await request(`${simulator.origin}/_control/requests?${query}`, {
        headers: { authorization: `Bearer ${simulator.controlToken}` },
      });
      if (response.status !== 200) throw new Error(`request log answered ${response.status}: ${response.text}`);
      return response.json<{ requests: RequestLogEntry[] }>().requests;
    },
    async close() {
      await simulator.stop();
      if (ownDataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export type TestSimulator = Awaited<ReturnType<typeof startTestSimulator>>;

const TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}Z$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Asserts the §B3 error body shape and returns it; throws with a readable message otherwise. */
export function expectEntraError(
  body: Record<string, unknown>,
  expected: { error: string; code: number; origin: string },
) {
  const problems: string[] = [];
  if (body.error !== expected.error) problems.push(`error ${String(body.error)} != ${expected.error}`);
  const codes = body.error_codes;
  if (!Array.isArray(codes) || codes.length !== 1 || codes[0] !== expected.code || typeof codes[0] !== 'number') {
    problems.push(`error_codes ${JSON.stringify(codes)} != [${expected.code}] (numbers)`);
  }
  if (typeof body.timestamp !== 'string' || !TIMESTAMP.test(body.timestamp))
    problems.push(`timestamp ${String(body.timestamp)}`);
  if (typeof body.trace_id !== 'string' || !GUID.test(body.trace_id))
    problems.push(`trace_id ${String(body.trace_id)}`);
  if (typeof body.correlation_id !== 'string' || !GUID.test(body.correlation_id))
    problems.push(`correlation_id ${String(body.correlation_id)}`);
  if (body.error_uri !== `${expected.origin}/error?code=${expected.code}`)
    problems.push(`error_uri ${String(body.error_uri)}`);
  const description = String(body.error_description);
  const tail = `\r\nTrace ID: ${String(body.trace_id)}\r\nCorrelation ID: ${String(body.correlation_id)}\r\nTimestamp: ${String(body.timestamp)}`;
  if (!description.startsWith(`AADSTS${expected.code}: `) || !description.endsWith(tail))
    problems.push(`error_description ${JSON.stringify(description)}`);
  if (problems.length > 0)
    throw new Error(`Not the expected Entra error:\n  ${problems.join('\n  ')}\nbody: ${JSON.stringify(body)}`);
  return body;
}
