import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { checkControlAccess, isControlPath } from './control/control-auth';
import { annotateRequest } from './control/request-log';
import { registerControlRoutes } from './control/routes';
import type { TlsMaterial } from './crypto/certificates';
import { registerDefenderRoutes } from './defender/routes';
import { registerEntraRoutes } from './entra/routes';
import { BodyTooLargeError } from './http/read-body';
import { logRequestOnFinish } from './http/request-log';
import { sendJson, sendStatic } from './http/respond';
import { STATIC_ASSETS } from './pages/static-assets';
import { Router } from './router';
import type { SimulatorServices } from './services';

/**
 * Routing table for the whole simulator. Areas with literal prefixes (`/mde`, `/xdr`, `/graph`,
 * the control API) must register before Entra's `/:tenant/...` patterns.
 */
export function createRouter(): Router {
  const router = new Router();
  registerControlRoutes(router);
  registerDefenderRoutes(router);
  registerEntraRoutes(router);
  return router;
}

const LOCAL_ALIASES = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The origin to put in issuers and URLs for this request. Every name on the server certificate is
 * an alias of the one server, so a client that came through `localhost` sees `localhost` issuers
 * (MSAL and next-auth require the issuer on the host they asked). Other Host values get the
 * canonical origin.
 */
export function requestOrigin(hostHeader: string | undefined, canonical: string): string {
  if (!hostHeader) return canonical;
  const canonicalPort = new URL(canonical).port;
  let asked: URL;
  try {
    asked = new URL(`https://${hostHeader}`);
  } catch {
    return canonical;
  }
  return LOCAL_ALIASES.has(asked.hostname) && asked.port === canonicalPort ? asked.origin : canonical;
}

async function handleRequest(
  req: IncomingMessage,
  res: ServerResponse,
  router: Router,
  services: SimulatorServices,
): Promise<void> {
  const origin = requestOrigin(req.headers.host, services.origin);
  const url = new URL(req.url ?? '/', origin);
  logRequestOnFinish(req, res, url.pathname, services.log);
  const control = isControlPath(url.pathname);
  if (control) {
    // Refused before routing, so unknown control paths do not reveal what exists.
    const refusal = checkControlAccess(req, services.controlToken);
    if (refusal) return sendJson(res, refusal.status, refusal.body, refusal.headers);
  } else {
    // The control API's own calls stay out of the log they read.
    services.requestLog.begin(req, res, url);
  }

  const asset = req.method === 'GET' ? STATIC_ASSETS[url.pathname] : undefined;
  if (asset) return sendStatic(res, asset.contentType, asset.body);

  const match = router.match(req.method ?? 'GET', url.pathname);
  if (match.kind === 'not-found')
    return sendJson(res, 404, { error: 'not_found', error_description: `No simulator endpoint at ${url.pathname}` });
  if (match.kind === 'method-not-allowed') {
    return sendJson(
      res,
      405,
      { error: 'method_not_allowed', error_description: `Use ${match.allowed.join(' or ')}` },
      { Allow: match.allowed.join(', ') },
    );
  }
  if (!control && match.params.tenant !== undefined) {
    const tenant = services.world.resolveTenant(match.params.tenant);
    if (tenant) annotateRequest(req, { tenantId: tenant.id });
  }
  await match.handler({ req, res, url, origin, params: match.params, services });
}

export function createSimulatorServer(tls: TlsMaterial, services: SimulatorServices): Server {
  const router = createRouter();
  return createServer({ cert: tls.serverCertPem, key: tls.serverKeyPem }, (req, res) => {
    handleRequest(req, res, router, services).catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (error instanceof BodyTooLargeError) {
        sendJson(res, 413, { error: 'invalid_request', error_description: error.message });
        return;
      }
      // Message only: stacks may quote request data.
      services.log(`[simulator] internal error: ${error instanceof Error ? error.message : String(error)}`);
      sendJson(res, 500, { error: 'server_error', error_description: 'The simulator failed to handle the request.' });
    });
  });
}
