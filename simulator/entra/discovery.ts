import type { RequestContext } from '../router';
import { sendJson } from '../http/respond';
import { EntraErrors, errorBody, errorContextFor } from './errors';
import { resolveTenantSegment, type TenantSegment } from './tenant-segment';

const V2_CLAIMS = [
  'sub',
  'iss',
  'cloud_instance_name',
  'cloud_instance_host_name',
  'cloud_graph_host_name',
  'msgraph_host',
  'aud',
  'exp',
  'iat',
  'auth_time',
  'acr',
  'nonce',
  'preferred_username',
  'name',
  'tid',
  'ver',
  'at_hash',
  'c_hash',
  'email',
];
const V1_CLAIMS = [
  'sub',
  'iss',
  'cloud_instance_name',
  'cloud_instance_host_name',
  'cloud_graph_host_name',
  'msgraph_host',
  'aud',
  'exp',
  'iat',
  'auth_time',
  'acr',
  'amr',
  'nonce',
  'email',
  'given_name',
  'family_name',
  'nickname',
];

/** Shared tail of both metadata documents (cloud-instance fields copied from the public cloud). */
function cloudFields() {
  return {
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    tenant_region_scope: 'NA',
    cloud_instance_name: 'microsoftonline.com',
    cloud_graph_host_name: 'graph.windows.net',
    msgraph_host: 'graph.microsoft.com',
    rbac_url: 'https://pas.windows.net',
  };
}

export function v2Metadata(origin: string, pathTenant: string, issuerTenant: string) {
  const base = `${origin}/${pathTenant}`;
  return {
    token_endpoint: `${base}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${base}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: `${origin}/${issuerTenant}/v2.0`,
    request_uri_parameter_supported: false,
    // Graph (and its userinfo endpoint) will be served under /graph by a later part.
    userinfo_endpoint: `${origin}/graph/oidc/userinfo`,
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    claims_supported: V2_CLAIMS,
    kerberos_endpoint: `${base}/kerberos`,
    ...cloudFields(),
  };
}

export function v1Metadata(origin: string, pathTenant: string, issuerTenant: string) {
  const base = `${origin}/${pathTenant}`;
  return {
    token_endpoint: `${base}/oauth2/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${origin}/common/discovery/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'token id_token', 'token'],
    scopes_supported: ['openid'],
    // v1 tokens carry the real STS issuer whatever host issued them (as Entra does).
    issuer: `https://sts.windows.net/${issuerTenant}/`,
    microsoft_multi_refresh_token: true,
    authorization_endpoint: `${base}/oauth2/authorize`,
    device_authorization_endpoint: `${base}/oauth2/devicecode`,
    end_session_endpoint: `${base}/oauth2/logout`,
    claims_supported: V1_CLAIMS,
    check_session_iframe: `${base}/oauth2/checksession`,
    userinfo_endpoint: `${base}/openid/userinfo`,
    kerberos_endpoint: `${base}/kerberos`,
    ...cloudFields(),
  };
}

type KnownTenantSegment = Exclude<TenantSegment, { kind: 'unknown' }>;

/** The `{tenant}` segment of a discovery URL, or undefined once the unknown-tenant error is sent. */
function resolveDiscoveryTenant(ctx: RequestContext, segment: string): KnownTenantSegment | undefined {
  const resolved = resolveTenantSegment(ctx.services.world, segment);
  if (resolved.kind !== 'unknown') return resolved;
  const failure = EntraErrors.invalidTenantDiscovery(segment);
  const context = errorContextFor(ctx.req, ctx.url, ctx.origin, ctx.services.clock);
  sendJson(ctx.res, failure.status, errorBody(failure, context));
  return undefined;
}

function handleMetadata(
  ctx: RequestContext,
  build: (origin: string, pathTenant: string, issuerTenant: string) => object,
): void {
  const resolved = resolveDiscoveryTenant(ctx, ctx.params.tenant!);
  if (!resolved) return;
  // A tenant's metadata is served under its GUID even when asked by domain, like Entra.
  const pathTenant = resolved.kind === 'tenant' ? resolved.tenant.id : resolved.alias;
  const issuerTenant = resolved.kind === 'tenant' ? resolved.tenant.id : '{tenantid}';
  sendJson(ctx.res, 200, build(ctx.origin, pathTenant, issuerTenant), { 'Cache-Control': 'max-age=86400, private' });
}

export const handleV2Metadata = (ctx: RequestContext) => handleMetadata(ctx, v2Metadata);
export const handleV1Metadata = (ctx: RequestContext) => handleMetadata(ctx, v1Metadata);

/** JWKS: the same keys for every tenant, each with Entra's templated `issuer`. */
export function handleKeys(ctx: RequestContext, options: { version: 'v1' | 'v2' }): void {
  if (!resolveDiscoveryTenant(ctx, ctx.params.tenant ?? 'common')) return;
  const issuer = options.version === 'v2' ? `${ctx.origin}/{tenantid}/v2.0` : 'https://sts.windows.net/{tenantid}/';
  const keys = ctx.services.keys.published.map((key) => ({
    kty: key.publicJwk.kty,
    use: 'sig',
    kid: key.kid,
    x5t: key.x5t,
    n: key.publicJwk.n,
    e: key.publicJwk.e,
    x5c: [key.certificateBase64],
    issuer,
  }));
  sendJson(ctx.res, 200, { keys }, { 'Cache-Control': 'max-age=86400, private' });
}
