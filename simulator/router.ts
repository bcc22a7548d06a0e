import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimulatorServices } from './services';

export type RequestContext = {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  /**
   * This request's origin: the canonical one, or the local alias (localhost / 127.0.0.1 / [::1])
   * the client used, so issuers and endpoint URLs match the host the client asked.
   */
  origin: string;
  /** Named path segments from the route pattern, e.g. `{ tenant: "contoso.onmicrosoft.com" }`. */
  params: Record<string, string>;
  services: SimulatorServices;
};

export type Handler = (ctx: RequestContext) => Promise<void> | void;

type Route = { methods: readonly string[]; segments: string[]; handler: Handler };

export type RouteMatch =
  | { kind: 'found'; handler: Handler; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allowed: string[] }
  | { kind: 'not-found' };

/**
 * Minimal path router: patterns are literal segments and `:name` placeholders matching exactly one
 * segment. Each area (entra today; mde, xdr, graph and the control API later) registers its routes
 * in its own `routes.ts`; literal prefixes such as `/mde` win over `/:tenant` because routes are
 * tried in registration order and areas with literal prefixes register first.
 */
export class Router {
  private readonly routes: Route[] = [];

  add(methods: readonly string[], pattern: string, handler: Handler): this {
    this.routes.push({ methods, segments: splitPath(pattern), handler });
    return this;
  }

  match(method: string, pathname: string): RouteMatch {
    const segments = splitPath(pathname);
    const allowed = new Set<string>();
    for (const route of this.routes) {
      const params = matchSegments(route.segments, segments);
      if (!params) continue;
      if (route.methods.includes(method)) return { kind: 'found', handler: route.handler, params };
      route.methods.forEach((m) => allowed.add(m));
    }
    return allowed.size > 0 ? { kind: 'method-not-allowed', allowed: [...allowed] } : { kind: 'not-found' };
  }
}

function splitPath(pathname: string): string[] {
  return pathname.split('/').filter((segment) => segment.length > 0);
}

function matchSegments(pattern: string[], actual: string[]): Record<string, string> | undefined {
  if (pattern.length !== actual.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const expected = pattern[i]!;
    let value: string;
    try {
      value = decodeURIComponent(actual[i]!);
    } catch {
      return undefined;
    }
    if (expected.startsWith(':')) params[expected.slice(1)] = value;
    else if (expected.toLowerCase() !== value.toLowerCase()) return undefined;
  }
  return params;
}
