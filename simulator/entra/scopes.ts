/** OpenID Connect scopes: not permissions of any resource. */
export const OIDC_SCOPES: ReadonlySet<string> = new Set(['openid', 'profile', 'email', 'offline_access']);
const GRAPH_PREFIX = 'https://graph.microsoft.com/';

/**
 * Splits a sign-in's scopes into OIDC scopes and Microsoft Graph permissions (bare names like
 * `User.Read` mean Graph). Without any Graph permission Entra still issues a Graph token for
 * `User.Read`. Scopes of other resources are out of this part's reach and are dropped.
 */
export function resolveSignInScopes(requested: string[]): { oidc: string[]; graph: string[]; responseScope: string } {
  const oidc = requested.filter((scope) => OIDC_SCOPES.has(scope));
  const graph = requested
    .filter((scope) => !OIDC_SCOPES.has(scope))
    .map((scope) => (scope.startsWith(GRAPH_PREFIX) ? scope.slice(GRAPH_PREFIX.length) : scope))
    .filter((scope) => scope !== '' && !scope.includes('/') && !scope.includes(':'));
  const graphScopes = graph.length > 0 ? [...new Set(graph)] : ['User.Read'];
  // No refresh tokens yet, so offline_access is not reported as granted.
  const granted = [
    ...oidc.filter((scope) => scope !== 'offline_access').sort(),
    ...graphScopes.map((scope) => `${GRAPH_PREFIX}${scope}`),
  ];
  return { oidc, graph: graphScopes, responseScope: granted.join(' ') };
}
