import { createHash, randomBytes } from 'node:crypto';
import type { SimResponse } from './https-client';
import type { TestSimulator } from './simulator';

export function createPkce() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export type AuthorizeInput = {
  tenant?: string;
  params?: Record<string, string | undefined>;
  method?: 'GET' | 'POST';
};

/** A standard next-auth-like authorize request; `params` overrides (undefined removes a field). */
export function buildAuthorize(sim: TestSimulator, input: AuthorizeInput = {}) {
  const pkce = createPkce();
  const state = randomBytes(16).toString('base64url');
  const nonce = randomBytes(16).toString('base64url');
  const merged: Record<string, string | undefined> = {
    client_id: sim.app.clientId,
    redirect_uri: sim.redirectUri,
    response_type: 'code',
    scope: 'openid profile email',
    state,
    nonce,
    code_challenge: pkce.challenge,
    code_challenge_method: 'S256',
    ...input.params,
  };
  const params = Object.fromEntries(
    Object.entries(merged).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  const url = `${sim.origin}/${input.tenant ?? sim.partner.id}/oauth2/v2.0/authorize`;
  return { url, params, state, nonce, verifier: pkce.verifier };
}

export async function openAuthorize(sim: TestSimulator, input: AuthorizeInput = {}) {
  const request = buildAuthorize(sim, input);
  const response =
    input.method === 'POST'
      ? await sim.request(request.url, { form: request.params })
      : await sim.request(`${request.url}?${new URLSearchParams(request.params)}`);
  return { ...request, response };
}

export function pendingIdOf(page: string): string {
  const match = /name="pending" value="([^"]+)"/.exec(page);
  if (!match) throw new Error(`No pending id in page:\n${page}`);
  return match[1]!;
}

export function submitAccount(
  sim: TestSimulator,
  pendingId: string,
  choice: { user: string } | { login: string },
  tenant = sim.partner.id,
) {
  return sim.request(`${sim.origin}/${tenant}/login`, { form: { pending: pendingId, ...choice } });
}

export function redirectParams(response: SimResponse): URLSearchParams {
  if (response.status !== 302 || !response.location)
    throw new Error(`Expected a redirect, got ${response.status}: ${response.text.slice(0, 400)}`);
  return new URL(response.location).searchParams;
}

/** Authorize → pick the user → the code delivered to the redirect URI. */
export async function signInForCode(sim: TestSimulator, userId: string, input: AuthorizeInput = {}) {
  const opened = await openAuthorize(sim, input);
  if (opened.response.status !== 200)
    throw new Error(`authorize answered ${opened.response.status}: ${opened.response.text.slice(0, 400)}`);
  const picked = await submitAccount(sim, pendingIdOf(opened.response.text), { user: userId });
  const params = redirectParams(picked);
  const code = params.get('code');
  if (!code) throw new Error(`No code in ${picked.location}`);
  return { ...opened, picked, code, redirect: params };
}

export type RedeemInput = {
  code: string;
  verifier: string;
  redirectUri?: string;
  auth?: 'basic' | 'body' | 'none';
  secret?: string;
  clientId?: string;
  tenant?: string;
  extra?: Record<string, string>;
};

export function redeemCode(sim: TestSimulator, input: RedeemInput) {
  const clientId = input.clientId ?? sim.app.clientId;
  const secret = input.secret ?? sim.secret;
  const form: Record<string, string> = {
    grant_type: 'authorization_code',
    code: input.code,
    redirect_uri: input.redirectUri ?? sim.redirectUri,
    code_verifier: input.verifier,
    ...input.extra,
  };
  const headers: Record<string, string> = {};
  const auth = input.auth ?? 'basic';
  if (auth === 'basic') {
    const encode = (value: string) => encodeURIComponent(value).replace(/%20/g, '+');
    headers.authorization = `Basic ${Buffer.from(`${encode(clientId)}:${encode(secret)}`).toString('base64')}`;
  } else {
    form.client_id = clientId;
    if (auth === 'body') form.client_secret = secret;
  }
  return sim.request(`${sim.origin}/${input.tenant ?? sim.partner.id}/oauth2/v2.0/token`, { form, headers });
}
