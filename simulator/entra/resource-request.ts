import type { Tenant } from '../world/schema';
import { findResourceApi, type ResourceApi } from '../world/resources';
import { EntraErrors, type AadstsError } from './errors';

export type TokenEndpointVersion = 'v1' | 'v2';

export type RequestedResource = {
  api: ResourceApi;
  /** The resource string as requested (v2: the scope without `/.default`): the token's `aud`. */
  audience: string;
};

/** `{resource}/.default`: all of a resource's permissions the app was granted (app-only tokens, admin consent). */
export const DEFAULT_SUFFIX = '/.default';

/**
 * The one resource an app-only token is for: v2 `scope={resource}/.default` (all scopes of one
 * resource; a `resource` parameter there is AADSTS901002), v1 `resource={resource}`. Resources
 * are Microsoft APIs the simulator knows; one whose service principal is missing in the tenant (no
 * such product there) is "not found" like an unknown one (500011, §A4).
 */
export function resolveRequestedResource(
  form: URLSearchParams,
  context: { version: TokenEndpointVersion; tenant: Tenant },
): { ok: true; resource: RequestedResource } | { ok: false; failure: AadstsError } {
  let audience: string;
  if (context.version === 'v1') {
    const resource = form.get('resource')?.trim();
    if (!resource) return { ok: false, failure: EntraErrors.missingParameter('resource') };
    audience = resource;
  } else {
    // The v2 endpoint takes the resource from the scope only; a v1-style `resource` is refused.
    if (form.has('resource')) return { ok: false, failure: EntraErrors.resourceParameterOnV2() };
    const scope = form.get('scope')?.trim() ?? '';
    const scopes = scope.split(/\s+/).filter(Boolean);
    if (scopes.length === 0) return { ok: false, failure: EntraErrors.missingParameter('scope') };
    const notDefault = scopes.find(
      (value) => !value.endsWith(DEFAULT_SUFFIX) || value.length === DEFAULT_SUFFIX.length,
    );
    if (notDefault !== undefined) return { ok: false, failure: EntraErrors.scopeNotDefault(notDefault) };
    const resources = scopes.map((value) => value.slice(0, -DEFAULT_SUFFIX.length));
    const distinct = new Set(resources.map((resource) => findResourceApi(resource)?.appId ?? resource.toLowerCase()));
    if (distinct.size > 1) return { ok: false, failure: EntraErrors.multipleResources(scope) };
    audience = resources[0]!;
  }

  const api = findResourceApi(audience);
  const provisioned = api !== undefined && (api.product === undefined || context.tenant.products[api.product]);
  if (!api || !provisioned)
    return { ok: false, failure: EntraErrors.resourceNotFound(audience, context.tenant.displayName) };
  return { ok: true, resource: { api, audience } };
}
