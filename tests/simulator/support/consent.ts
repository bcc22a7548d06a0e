import { randomBytes } from 'node:crypto';
import type { SimResponse } from './https-client';
import { pendingIdOf } from './sign-in';
import type { TestSimulator } from './simulator';

export const CONSENT_CALLBACK = 'http://localhost:3000/consent/callback';

export type ConsentStart = {
  flow: 'v2' | 'v1' | 'legacy';
  /** Tenant path segment: GUID, domain, organizations, common. */
  tenant: string;
  /** Overrides (undefined removes a parameter). */
  params?: Record<string, string | undefined>;
};

/** Opens a consent URL the way Canopy builds it (v2/v1) or the Defender docs' legacy link. */
export async function startConsent(sim: TestSimulator, input: ConsentStart) {
  const state = randomBytes(16).toString('base64url');
  const base: Record<string, string | undefined> =
    input.flow === 'v2'
      ? {
          client_id: sim.app.clientId,
          scope: 'https://api.securitycenter.microsoft.com/.default',
          redirect_uri: CONSENT_CALLBACK,
          state,
        }
      : input.flow === 'v1'
        ? { client_id: sim.app.clientId, state, redirect_uri: CONSENT_CALLBACK }
        : { prompt: 'consent', client_id: sim.app.clientId, response_type: 'code', sso_reload: 'true' };
  const merged = { ...base, ...input.params };
  const params = Object.fromEntries(
    Object.entries(merged).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  const path = input.flow === 'v2' ? 'v2.0/adminconsent' : input.flow === 'v1' ? 'adminconsent' : 'oauth2/authorize';
  const response = await sim.request(`${sim.origin}/${input.tenant}/${path}?${new URLSearchParams(params)}`);
  return { response, state: params.state, params };
}

/** Picks an account on the consent picker (by object id or typed UPN). */
export function pickConsentAccount(
  sim: TestSimulator,
  page: SimResponse,
  pathTenant: string,
  choice: { user: string } | { login: string },
) {
  return sim.request(`${sim.origin}/${pathTenant}/consent/login`, {
    form: { pending: pendingIdOf(page.text), ...choice },
  });
}

/** Accept or Cancel on the permissions page (posted where the page's form says). */
export function decideConsent(
  sim: TestSimulator,
  page: SimResponse,
  decision: 'accept' | 'cancel',
  extra: Record<string, string> = {},
) {
  const action = /<form method="post" action="([^"]+\/consent\/set)"/.exec(page.text)?.[1];
  if (!action) throw new Error(`No permissions form in page:\n${page.text.slice(0, 600)}`);
  return sim.request(`${sim.origin}${action}`, { form: { pending: pendingIdOf(page.text), decision, ...extra } });
}

/** Start → pick the user → the page after sign-in (permissions page, admin approval page or a redirect). */
export async function signInToConsent(
  sim: TestSimulator,
  input: ConsentStart & { user: { user: string } | { login: string } },
) {
  const started = await startConsent(sim, input);
  if (started.response.status !== 200)
    throw new Error(`consent start answered ${started.response.status}: ${started.response.text.slice(0, 400)}`);
  const pathTenant = /action="\/([^/"]+)\/consent\/login"/.exec(started.response.text)?.[1] ?? input.tenant;
  const afterSignIn = await pickConsentAccount(sim, started.response, pathTenant, input.user);
  return { ...started, afterSignIn };
}

/** Query parameters of a redirect as ordered [name, value] pairs (order and duplicates matter). */
export function redirectPairs(response: SimResponse): { target: string; pairs: [string, string][] } {
  if (response.status !== 302 || !response.location)
    throw new Error(`Expected a redirect, got ${response.status}: ${response.text.slice(0, 400)}`);
  const url = new URL(response.location);
  return { target: `${url.origin}${url.pathname}`, pairs: [...url.searchParams] };
}
