import type { Clock } from "../clock";
import { ExpiringStore } from "../expiring-store";

/** A validated authorize request waiting for the user to pick an account (server-side only). */
export type PendingAuthorizeRequest = {
  tenantId: string;
  clientId: string;
  redirectUri: string;
  responseMode: "query" | "fragment" | "form_post";
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

export type EntraState = {
  authorizeRequests: ExpiringStore<PendingAuthorizeRequest>;
  authorizationCodes: ExpiringStore<AuthorizationCodeRecord>;
};

export function createEntraState(clock: Clock): EntraState {
  return { authorizeRequests: new ExpiringStore(clock), authorizationCodes: new ExpiringStore(clock) };
}
