import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Clock } from "../clock";
import type { Application, Tenant } from "../world/schema";
import type { WorldModel } from "../world/world-model";
import { EntraErrors, type AadstsError } from "./errors";

type BasicCredentials = { clientId: string; secret: string };

/** RFC 6749 §2.3.1: id and secret are form-urlencoded before base64 (next-auth 4 / openid-client do). */
function formDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, " "));
  } catch {
    return value;
  }
}

function parseBasic(req: IncomingMessage): BasicCredentials | "malformed" | undefined {
  const header = req.headers.authorization;
  if (!header) return undefined;
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!match) return "malformed";
  const decoded = Buffer.from(match[1]!, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return "malformed";
  return { clientId: formDecode(decoded.slice(0, colon)), secret: decoded.slice(colon + 1) };
}

function sha256(value: string): Buffer {
  return createHash("sha256").update(value, "utf8").digest();
}

function secretMatches(stored: Application["clientSecrets"][number], candidates: string[]): boolean {
  const expected = stored.value !== undefined ? sha256(stored.value) : Buffer.from(stored.hash!.slice("sha256:".length), "hex");
  // Compare digests (fixed length) so the comparison time says nothing about the secret.
  return candidates.some((candidate) => timingSafeEqual(sha256(candidate), expected));
}

export type ClientAuthResult = { ok: true; application: Application } | { ok: false; failure: AadstsError };

/**
 * Confidential-client authentication at the token endpoint: `client_secret` in the body
 * (client_secret_post, what MSAL sends) or HTTP Basic (client_secret_basic, next-auth 4's default).
 */
export function authenticateClient(
  req: IncomingMessage,
  form: URLSearchParams,
  context: { world: WorldModel; tenant: Tenant; clock: Clock },
): ClientAuthResult {
  const basic = parseBasic(req);
  if (basic === "malformed") return { ok: false, failure: EntraErrors.noClientCredential() };
  const bodyClientId = form.get("client_id") || undefined;
  if (basic && bodyClientId && basic.clientId.toLowerCase() !== bodyClientId.toLowerCase()) {
    return { ok: false, failure: EntraErrors.conflictingClientId() };
  }
  const clientId = basic?.clientId ?? bodyClientId;
  if (!clientId) return { ok: false, failure: EntraErrors.missingParameter("client_id") };

  const application = context.world.findApplication(clientId);
  if (!application || !context.world.isApplicationInTenant(application, context.tenant)) {
    return { ok: false, failure: EntraErrors.unknownClient(clientId, context.tenant.displayName) };
  }

  const bodySecret = form.get("client_secret") || undefined;
  if (form.has("client_assertion")) {
    // Certificate credentials arrive with the customer-tenant part; until then treat as no secret.
    return { ok: false, failure: EntraErrors.noClientCredential() };
  }
  const provided = basic?.secret ?? bodySecret;
  if (provided === undefined) return { ok: false, failure: EntraErrors.noClientCredential() };
  // Accept the raw value too: some clients skip the form-encoding step of client_secret_basic.
  const candidates = basic ? [...new Set([provided, formDecode(provided)])] : [provided];

  const matching = application.clientSecrets.filter((secret) => secretMatches(secret, candidates));
  if (matching.length === 0) return { ok: false, failure: EntraErrors.invalidClientSecret(application.clientId) };
  const now = context.clock();
  if (!matching.some((secret) => Date.parse(secret.expiresAt) > now)) {
    return { ok: false, failure: EntraErrors.expiredClientSecret(application.clientId) };
  }
  return { ok: true, application };
}
