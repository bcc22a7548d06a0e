import { expect } from 'vitest';
import { mintAccessToken, type MintAccessTokenOptions } from './support/access-tokens';
import type { SimResponse } from './support/https-client';
import type { TestSimulator } from './support/simulator';

/** Defender test support: tenants of the default world, tokens per API, and wire-shape checks. */
export const TENANTS = {
  /** 40 alerts, every role granted. */
  northwind: '57b6504a-dffe-45bb-a0ef-ec5f14e05f6a',
  /** 1,000 alerts. */
  litware: '627bf0fe-8288-406a-a18b-79e8054a20e1',
  /** 15 alerts. */
  relecloud: '6e551ab4-c195-42f0-9a9c-918ee125c331',
  /** Defender XDR but no Defender for Endpoint. */
  tailspin: '4edc1fc8-6f0b-44ba-81d4-0c4cb16bc583',
} as const;

export const AUDIENCE = {
  mde: 'https://api.securitycenter.microsoft.com',
  xdr: 'https://api.security.microsoft.com',
  graph: 'https://graph.microsoft.com',
} as const;

export const ALL_ROLES = {
  mde: ['Alert.Read.All', 'Alert.ReadWrite.All'],
  xdr: ['Incident.Read.All', 'Incident.ReadWrite.All'],
  graph: [
    'SecurityAlert.Read.All',
    'SecurityAlert.ReadWrite.All',
    'SecurityIncident.Read.All',
    'SecurityIncident.ReadWrite.All',
  ],
} as const;

export type Api = keyof typeof AUDIENCE;

export function tokenFor(sim: TestSimulator, api: Api, options: Partial<MintAccessTokenOptions> = {}): Promise<string> {
  return mintAccessToken(sim.services, {
    tid: TENANTS.northwind,
    aud: AUDIENCE[api],
    roles: [...ALL_ROLES[api]],
    ...options,
  });
}

export type Call = {
  token?: string;
  method?: 'GET' | 'POST' | 'PATCH';
  json?: unknown;
  headers?: Record<string, string>;
};

/** A Defender API call: `path` is relative to the simulator origin (`/mde/api/alerts?...`). */
export function call(sim: TestSimulator, path: string, options: Call = {}): Promise<SimResponse> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  return sim.request(`${sim.origin}${path}`, { method: options.method ?? 'GET', json: options.json, headers });
}

/** `GET` + 200 + parsed `value`. */
export async function list<T = Record<string, unknown>>(
  sim: TestSimulator,
  path: string,
  token: string,
  headers: Record<string, string> = {},
) {
  const response = await call(sim, path, { token, headers });
  if (response.status !== 200) throw new Error(`${path} answered ${response.status}: ${response.text.slice(0, 500)}`);
  const body = response.json<Record<string, unknown> & { value: T[] }>();
  return { response, body, value: body.value };
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** UTC, seconds, up to seven fraction digits, `Z`. */
export const DEFENDER_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?Z$/;

/** MDE/XDR error body `{"error":{"code","message","target":guid}}` with nothing else. */
export function expectDefenderError(response: SimResponse, status: number, code: string, message?: string | RegExp) {
  expect(response.status, response.text).toBe(status);
  const body = response.json<{ error: { code: string; message: string; target: string } }>();
  expect(Object.keys(body)).toEqual(['error']);
  expect(Object.keys(body.error).sort()).toEqual(['code', 'message', 'target']);
  expect(body.error.code).toBe(code);
  expect(body.error.target).toMatch(GUID);
  if (message !== undefined) expect(body.error.message).toMatch(message);
  return body.error;
}

/** Graph error body `{"error":{"code","message","innerError":{date,request-id,client-request-id}}}`. */
export function expectGraphError(response: SimResponse, status: number, code: string, message?: string | RegExp) {
  expect(response.status, response.text).toBe(status);
  const body = response.json<{ error: { code: string; message: string; innerError: Record<string, string> } }>();
  expect(Object.keys(body.error).sort()).toEqual(['code', 'innerError', 'message']);
  expect(body.error.code).toBe(code);
  expect(body.error.innerError.date).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
  expect(body.error.innerError['request-id']).toMatch(GUID);
  expect(typeof body.error.innerError['client-request-id']).toBe('string');
  if (message !== undefined) expect(body.error.message).toMatch(message);
  return body.error;
}

/** Asserts `value` has exactly these keys in this order (wire shapes are compared literally). */
export function expectKeys(value: unknown, keys: readonly string[]) {
  expect(Object.keys(value as object)).toEqual(keys);
}
