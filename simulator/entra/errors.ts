import type { IncomingMessage } from 'node:http';
import { entraTimestamp, type Clock } from '../clock';
import { isGuid, randomGuid } from '../ids';

/** An Entra (AADSTS) failure: OAuth `error`, AADSTS number, message, and HTTP status for JSON. */
export type AadstsError = { error: string; code: number; message: string; status: number };

function aadsts(error: string, code: number, message: string, status = 400): AadstsError {
  return { error, code, message, status };
}

/**
 * Message texts follow Entra's wording where it is known (§A4, §B3, §B4 of the protocol reference).
 * Where the simulator is stricter than Entra (PKCE and `openid` required, S256 only) it uses the
 * closest real code and says "simulator" in the message.
 */
export const EntraErrors = {
  invalidTenantDiscovery: (tenant: string) =>
    aadsts(
      'invalid_tenant',
      90002,
      `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
    ),
  invalidTenantRequest: (tenant: string) =>
    aadsts(
      'invalid_request',
      90002,
      `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
    ),
  noTenantIdentified: () =>
    aadsts(
      'invalid_request',
      50059,
      'No tenant-identifying information found in either the request or implied by any provided credentials.',
    ),
  missingParameter: (name: string) =>
    aadsts('invalid_request', 900144, `The request body must contain the following parameter: '${name}'.`),
  postOnly: (method: string) =>
    aadsts('invalid_request', 900561, `The endpoint only accepts POST requests. Received a ${method} request.`),
  unsupportedGrantType: (grantType: string) =>
    aadsts('unsupported_grant_type', 70003, `The app requested an unsupported grant type '${grantType}'.`),
  conflictingClientId: () =>
    aadsts(
      'invalid_request',
      90023,
      'The client_id in the request body does not match the client_id in the Authorization header.',
    ),
  unknownClient: (clientId: string, tenantName: string) =>
    aadsts(
      'unauthorized_client',
      700016,
      `Application with identifier '${clientId}' was not found in the directory '${tenantName}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
    ),
  noClientCredential: () =>
    aadsts(
      'invalid_client',
      7000218,
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
      401,
    ),
  invalidClientSecret: (clientId: string) =>
    aadsts(
      'invalid_client',
      7000215,
      `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
      401,
    ),
  expiredClientSecret: (clientId: string) =>
    aadsts(
      'invalid_client',
      7000222,
      `The provided client secret keys for app '${clientId}' are expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds.`,
      401,
    ),
  invalidCode: () =>
    aadsts(
      'invalid_grant',
      9002313,
      "Invalid request. Request is malformed or invalid. - [The provided value for the 'code' parameter is not valid.]",
    ),
  expiredCode: () =>
    aadsts(
      'invalid_grant',
      70008,
      'The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.',
    ),
  redeemedCode: () =>
    aadsts(
      'invalid_grant',
      54005,
      'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.',
    ),
  codeForOtherClient: () =>
    aadsts(
      'invalid_grant',
      70000,
      "The provided value for the 'code' parameter is not valid. The code was issued to a different client.",
    ),
  codeForOtherTenant: () =>
    aadsts(
      'invalid_grant',
      700005,
      'Provided Authorization Code is intended to use against other tenant, thus rejected.',
    ),
  redirectUriMismatchAtToken: (given: string, expected: string) =>
    aadsts(
      'invalid_grant',
      500112,
      `The reply address '${given}' does not match the reply address '${expected}' provided when requesting Authorization code.`,
    ),
  codeVerifierMismatch: () =>
    aadsts(
      'invalid_grant',
      501481,
      'The Code_Verifier does not match the code_challenge supplied in the authorization request.',
    ),
  // Authorize endpoint (shown as a page or returned to the redirect URI).
  redirectUriMismatch: (uri: string, clientId: string) =>
    aadsts(
      'invalid_request',
      50011,
      `The redirect URI '${uri}' specified in the request does not match the redirect URIs configured for the application '${clientId}'. Make sure the redirect URI sent in the request matches one added to your application in the Azure portal. Navigate to https://aka.ms/redirectUriMismatchError to learn more about how to fix this.`,
    ),
  unsupportedResponseType: (responseType: string) =>
    aadsts(
      'unsupported_response_type',
      700054,
      `response_type '${responseType}' is not supported by this simulator for the application. Use response_type=code.`,
    ),
  unsupportedResponseMode: (mode: string) =>
    aadsts(
      'invalid_request',
      90023,
      `The response_mode '${mode}' is not supported. Supported values: query, fragment, form_post.`,
    ),
  openIdScopeRequired: () =>
    aadsts(
      'invalid_scope',
      70011,
      "The provided value for the input parameter 'scope' isn't valid. The simulator requires the 'openid' scope for interactive sign-in.",
    ),
  pkceRequired: () =>
    aadsts(
      'invalid_request',
      9002325,
      'Proof Key for Code Exchange is required for this simulated application: send code_challenge and code_challenge_method=S256.',
    ),
  pkceMethodUnsupported: (method: string) =>
    aadsts(
      'invalid_request',
      90023,
      `The code_challenge_method '${method}' is not supported by the simulator. Use S256.`,
    ),
  loginRequired: () => aadsts('login_required', 50058, 'A silent sign-in request was sent but no user is signed in.'),
  userNotInTenant: (upn: string, homeTenantId: string, tenantName: string, clientId: string, appName: string) =>
    aadsts(
      'access_denied',
      50020,
      `User account '${upn}' from identity provider 'https://sts.windows.net/${homeTenantId}/' does not exist in tenant '${tenantName}' and cannot access the application '${clientId}'(${appName}) in that tenant. The account needs to be added as an external user in the tenant first. Sign out and sign in again with a different Azure Active Directory user account.`,
    ),
  unknownUser: (upn: string, tenantName: string) =>
    aadsts(
      'invalid_request',
      50034,
      `The user account ${upn} does not exist in the ${tenantName} directory. To sign into this application, the account must be added to the directory.`,
    ),
  // Client credentials (§B4).
  scopeNotDefault: (scope: string) =>
    aadsts(
      'invalid_scope',
      70011,
      `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
    ),
  resourceParameterOnV2: () => aadsts('invalid_request', 901002, "The 'resource' request parameter is not supported."),
  multipleResources: (scope: string) =>
    aadsts(
      'invalid_scope',
      700022,
      `The provided value for the input parameter scope is not valid because it contains more than one resource. Scope ${scope} is not valid.`,
    ),
  resourceNotFound: (resource: string, tenantName: string) =>
    aadsts(
      'invalid_resource',
      500011,
      `The resource principal named ${resource} was not found in the tenant named ${tenantName}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
    ),
  multipleClientCredentials: () =>
    aadsts(
      'invalid_request',
      90023,
      'The request contains more than one client credential: send either client_secret (or Basic) or client_assertion.',
    ),
  // Certificate credentials (client_assertion).
  invalidAssertionType: () =>
    aadsts(
      'invalid_request',
      900144,
      "The request body must contain the following parameter: 'client_assertion_type' with the value 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'.",
    ),
  malformedAssertion: (detail: string) =>
    aadsts('invalid_request', 50027, `JWT token is invalid or malformed. ${detail}`),
  certificateNotRegistered: (clientId: string, thumbprint: string) =>
    aadsts(
      'invalid_client',
      700027,
      `The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Thumbprint of key used by client: '${thumbprint}', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '${clientId}'.]`,
      401,
    ),
  certificateExpired: (clientId: string, thumbprint: string) =>
    aadsts(
      'invalid_client',
      700027,
      `The certificate with identifier used to sign the client assertion is expired on application. [Reason - The key used is expired., Thumbprint of key used by client: '${thumbprint}', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '${clientId}'.]`,
      401,
    ),
  assertionSignatureInvalid: () =>
    aadsts('invalid_client', 700027, 'Client assertion failed signature validation.', 401),
  assertionReplayed: () =>
    aadsts(
      'invalid_client',
      700027,
      'Client assertion failed validation: its jti was already used by a different assertion.',
      401,
    ),
  assertionAudienceInvalid: (audience: string, expected: string) =>
    aadsts(
      'invalid_client',
      50012,
      `Client assertion audience claim does not match Realm issuer. Audience '${audience}', expected the token endpoint '${expected}'.`,
      401,
    ),
  assertionAudienceCount: (count: number) =>
    aadsts(
      'invalid_client',
      5002741,
      `Number of audience values in the provided client credential exceed maximum allowed. ${count} audience values provided, maximum allowed is 1.`,
      401,
    ),
  assertionIssuerMismatch: () =>
    aadsts(
      'invalid_client',
      700021,
      "Client assertion application identifier doesn't match 'client_id' parameter. Review the documentation at https://aka.ms/certCreds.",
      401,
    ),
  assertionTimeInvalid: (detail: string) =>
    aadsts('invalid_client', 700024, `Client assertion is not within its valid time range. ${detail}`, 401),
  // Admin consent (§A3, §A4).
  consentDeclined: () => aadsts('access_denied', 65004, 'User declined to consent to access the app.'),
  adminApprovalRequired: (reason: string) =>
    aadsts('access_denied', 90094, `The grant requires admin permission. ${reason}`),
  serviceNotSubscribed: (apiAppId: string, apiName: string, tenantId: string) =>
    aadsts(
      'invalid_client',
      650052,
      `The app is trying to access a service '${apiAppId}'(${apiName}) that your organization '${tenantId}' lacks a service principal for. Contact your IT Admin to review the configuration of your service subscriptions or consent to the application in order to create the required service principal.`,
    ),
  resourceNotRequired: (clientId: string, appName: string, resource: string) =>
    aadsts(
      'invalid_client',
      650057,
      `Invalid resource. The client has requested access to a resource which is not listed in the requested permissions in the client's application registration. Client app ID: ${clientId}(${appName}). Resource value from request: ${resource}.`,
    ),
  adminConsentScopeUnsupported: (scope: string) =>
    aadsts(
      'invalid_scope',
      70011,
      `The provided value for the input parameter 'scope' isn't valid: '${scope}'. The simulator's admin consent takes {resource}/.default scopes of APIs the app lists (plus OIDC scopes).`,
    ),
  legacyAuthorizeConsentOnly: () =>
    aadsts(
      'invalid_request',
      90023,
      "The simulator's v1 authorize endpoint serves only the consent link (response_type=code with prompt=consent or prompt=admin_consent).",
    ),
  // Injected faults.
  transientError: (status: number) =>
    aadsts(
      status === 500 ? 'server_error' : 'temporarily_unavailable',
      90033,
      'A transient error has occurred. Please try again.',
      status,
    ),
  throttled: () =>
    aadsts(
      'temporarily_unavailable',
      90055,
      'There are too many incoming requests. Wait for the time given in Retry-After before trying again.',
      429,
    ),
  signInRequestExpired: () =>
    aadsts(
      'invalid_request',
      50089,
      'Sign-in flow expired: the sign-in took too long or the page was used twice. Start the sign-in again from the application.',
    ),
} as const;

export type ErrorContext = { origin: string; clock: Clock; correlationId: string; traceId: string };

/** Entra echoes a caller's `client-request-id` (MSAL sends one) as the correlation id. */
export function errorContextFor(req: IncomingMessage, url: URL, origin: string, clock: Clock): ErrorContext {
  const header = req.headers['client-request-id'];
  const offered = (Array.isArray(header) ? header[0] : header) ?? url.searchParams.get('client-request-id') ?? '';
  return {
    origin,
    clock,
    correlationId: isGuid(offered) ? offered.toLowerCase() : randomGuid(),
    traceId: randomGuid(),
  };
}

export function errorUri(origin: string, code: number): string {
  return `${origin}/error?code=${code}`;
}

/** `AADSTS…: message\r\nTrace ID: …\r\nCorrelation ID: …\r\nTimestamp: …` as Entra formats it. */
export function errorDescription(failure: AadstsError, context: ErrorContext): string {
  return `AADSTS${failure.code}: ${failure.message}\r\nTrace ID: ${context.traceId}\r\nCorrelation ID: ${context.correlationId}\r\nTimestamp: ${entraTimestamp(context.clock())}`;
}

/** §B3 JSON error body. */
export function errorBody(failure: AadstsError, context: ErrorContext) {
  return {
    error: failure.error,
    error_description: errorDescription(failure, context),
    error_codes: [failure.code],
    timestamp: entraTimestamp(context.clock()),
    trace_id: context.traceId,
    correlation_id: context.correlationId,
    error_uri: errorUri(context.origin, failure.code),
  };
}

/** Parameters for an error delivered to the app's redirect URI. */
export function errorRedirectParams(failure: AadstsError, context: ErrorContext): [string, string][] {
  return [
    ['error', failure.error],
    ['error_description', errorDescription(failure, context)],
    ['error_uri', errorUri(context.origin, failure.code)],
  ];
}
