import { generateKeyPairSync } from 'node:crypto';
import type { SigningKey } from '../../../simulator/crypto/signing-keys';
import { mintAppOnlyAccessToken } from '../../../simulator/entra/app-only-token';
import type { SimulatorServices } from '../../../simulator/services';

export type MintAccessTokenOptions = {
  /** Tenant GUID (`tid`; the issuer follows it). */
  tid: string;
  /** `aud`, e.g. "https://api.securitycenter.microsoft.com". */
  aud: string;
  /** App role values; omitted or empty means no `roles` claim. */
  roles?: string[];
  /** Default: the world's application client id. */
  appid?: string;
  /** Default: the app's service principal in that tenant, else a fixed placeholder GUID. */
  oid?: string;
  credential?: 'secret' | 'certificate';
  /** Default 3600. */
  lifetimeSeconds?: number;
  /** Pretend the token was issued this long ago (on the simulator's clock), e.g. to make it expired. */
  issuedSecondsAgo?: number;
  /** Sign with a throwaway key that carries the simulator's `kid`: the signature check must fail. */
  foreignKey?: boolean;
};

const PLACEHOLDER_OID = '00000000-0000-4000-8000-0000000000a1';

/**
 * An app-only access token exactly like the token endpoint issues (same claims, same key), without
 * going through consent and client credentials. For resource-area tests (Defender, Graph).
 */
export async function mintAccessToken(services: SimulatorServices, options: MintAccessTokenOptions): Promise<string> {
  const application = services.world.data.application;
  const tenant = services.world.resolveTenant(options.tid);
  const servicePrincipalId = options.oid ?? tenant?.servicePrincipal?.objectId ?? PLACEHOLDER_OID;
  const offsetMs = (options.issuedSecondsAgo ?? 0) * 1000;
  const keys = options.foreignKey ? foreignKeyStore(services.keys.active) : services.keys;
  const minted = await mintAppOnlyAccessToken(
    {
      tenantId: options.tid.toLowerCase(),
      audience: options.aud,
      appId: options.appid ?? application.clientId,
      appDisplayName: application.displayName,
      servicePrincipalId,
      roles: options.roles ?? [],
      credential: options.credential ?? 'secret',
      lifetimeSeconds: options.lifetimeSeconds ?? 3600,
    },
    { keys, clock: () => services.clock() - offsetMs },
  );
  return minted.token;
}

function foreignKeyStore(real: SigningKey) {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const key: SigningKey = { ...real, privateKey };
  return { active: key, published: [key], generated: false };
}
