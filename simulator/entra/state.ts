import type { Clock } from '../clock';
import { ExpiringStore } from '../expiring-store';

/** A validated authorize request waiting for the user to pick an account (server-side only). */
export type PendingAuthorizeRequest = {
  tenantId: string;
  clientId: string;
  redirectUri: string;
  responseMode: 'query' | 'fragment' | 'form_post';
  scopes: string[];
  state: string | undefined;
  nonce: string | undefined;
  codeChallenge: string;
  loginHint: string | undefined;
  expiresAt: number;
};

export type AuthorizationCodeRecord = {
  tenantId: string;
  clientId: string;
  redirectUri: string;
  userId: string;
  scopes: string[];
  nonce: string | undefined;
  codeChallenge: string;
  sessionId: string;
  issuedAt: number;
  expiresAt: number;
  redeemed: boolean;
};

/** Which consent entry point started a consent: the response differs per flow (§A1–§A3). */
export type ConsentFlow = 'adminconsent-v2' | 'adminconsent-v1' | 'authorize-v1';

/** A validated consent request between its sign-in page, permissions page and decision. */
export type PendingConsentRequest = {
  flow: ConsentFlow;
  clientId: string;
  /** The tenant of the URL, or undefined for `organizations`/`common` (the admin's home tenant). */
  tenantId: string | undefined;
  redirectUri: string;
  state: string | undefined;
  /** v2 only: the `scope` as requested (all /.default of listed APIs). */
  scopes: string[];
  /**
   * The legacy link's `prompt` (authorize-v1): `consent` asks the admin whether to consent for the
   * whole organization (a checkbox), `admin_consent` always does.
   */
  legacyPrompt?: 'consent' | 'admin_consent';
  /** Set once a user of the right tenant signed in. */
  signedIn?: { tenantId: string; userId: string };
  expiresAt: number;
};

export type ConsentOutcome =
  | 'granted'
  | 'declined'
  | 'user-not-in-tenant'
  | 'admin-approval-required'
  | 'service-not-enabled'
  | 'signed-in-without-org-consent';

/** One consent attempt, for the control API's consent log. */
export type ConsentEvent = {
  time: string;
  flow: ConsentFlow | 'control-api';
  tenantId: string;
  tenantName: string;
  userId: string | null;
  userPrincipalName: string | null;
  outcome: ConsentOutcome;
  /** Roles the app holds in the tenant after a grant ("<API>/<role>"). */
  grantedAppRoles?: string[];
};

/** Per-tenant token endpoint faults set through the control API. */
export type TokenEndpointFaults = {
  /** Added before answering. */
  latencyMs: number;
  /** Share of requests (0–1) answered with `errorStatus`. */
  errorRate: number;
  errorStatus: 500 | 503;
  /** Never answer (the connection stays open until the client gives up). */
  timeout: boolean;
  /** Answer 429 with this Retry-After; `remaining` null = until cleared. */
  throttle: { retryAfterSeconds: number; remaining: number | null } | null;
};

/** Control API: claims the tenant's next ID token gets instead of the true ones (then forgotten). */
export type NextIdTokenOverride = { tid: string };

/** After a consent, token requests fail with 700016 until the principal "replicates" (§A5). */
export type ReplicationSetting = { delaySeconds: number; pendingUntil: number | null };

export type EntraState = {
  authorizeRequests: ExpiringStore<PendingAuthorizeRequest>;
  authorizationCodes: ExpiringStore<AuthorizationCodeRecord>;
  consentRequests: ExpiringStore<PendingConsentRequest>;
  /** Client assertion jti → digest of the assertion that used it (see client-assertion.ts). */
  usedAssertions: ExpiringStore<string>;
  consentEvents: ConsentEvent[];
  tokenFaults: Map<string, TokenEndpointFaults>;
  replication: Map<string, ReplicationSetting>;
  nextIdToken: Map<string, NextIdTokenOverride>;
};

export function createEntraState(clock: Clock): EntraState {
  return {
    authorizeRequests: new ExpiringStore(clock),
    authorizationCodes: new ExpiringStore(clock),
    consentRequests: new ExpiringStore(clock),
    usedAssertions: new ExpiringStore(clock),
    consentEvents: [],
    tokenFaults: new Map(),
    replication: new Map(),
    nextIdToken: new Map(),
  };
}

/** Control API reset: forget injected behaviour and the consent log (sign-ins in flight stay). */
export function resetEntraBehaviour(state: EntraState): void {
  state.consentEvents.length = 0;
  state.tokenFaults.clear();
  state.replication.clear();
  state.nextIdToken.clear();
}
