import 'server-only';
import type { Db } from '@/lib/db/client';
import { openSealed, sealText } from '@/lib/security/seal';

export type TokenKey = { tenantId: string; resource: string };
export type StoredToken = { accessToken: string; expiresOn: Date };

/**
 * App tokens shared by every Canopy process through PostgreSQL, sealed, one row per (tenant,
 * resource). Why Canopy's own store rather than MSAL's distributed cache plugin: with client
 * credentials the plugin's partition key is not told the tenant, and one MSAL client merges every
 * tenant it served into each entry it writes (toolchain.md, "Shared token cache"). One client per
 * tenant would work, but a thousand MSAL clients to keep one string per (tenant, resource) is the
 * heavier design. MSAL still acquires every token (authority, credential, errors, throttling).
 */
export type SharedTokenStore = {
  /** The stored token if it opens and is still usable after `usableAfter`; else null. */
  find(key: TokenKey, usableAfter: Date): Promise<StoredToken | null>;
  /**
   * Runs `acquire` for the key while holding a cross-process lock on it, and stores what it got.
   * Unless `force`, the store is read again once the lock is held: a process that waited behind
   * another one's request takes its token instead of asking Microsoft again.
   */
  acquireOnce(
    key: TokenKey,
    acquire: () => Promise<StoredToken>,
    options: { force: boolean; usableAfter: () => Date },
  ): Promise<StoredToken & { acquired: boolean }>;
};

/** How long a process may wait for another's token request (MSAL retries included) before failing. */
const LOCK_WAIT_MS = 60_000;

export function createSharedTokenStore(db: Db, secret: string): SharedTokenStore {
  const seal = (key: TokenKey) => ({
    secret,
    purpose: 'appToken' as const,
    context: `${key.tenantId} ${key.resource}`,
  });

  const open = (key: TokenKey, row: { sealedToken: string; expiresOn: Date } | null, usableAfter: Date) => {
    if (!row || row.expiresOn <= usableAfter) return null;
    try {
      return { accessToken: openSealed(row.sealedToken, seal(key)), expiresOn: row.expiresOn };
    } catch {
      // Sealed under another secret (rotated) or altered: as good as missing.
      return null;
    }
  };

  const where = (key: TokenKey) => ({
    entraTenantId_resource: { entraTenantId: key.tenantId, resource: key.resource },
  });

  return {
    async find(key, usableAfter) {
      return open(key, await db.appToken.findUnique({ where: where(key) }), usableAfter);
    },

    acquireOnce(key, acquire, { force, usableAfter }) {
      return db.$transaction(
        async (tx) => {
          // A transaction-level lock: freed at commit or rollback, and always on this transaction's
          // connection (a session lock through the pool could be taken and released on different ones).
          await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`app-token ${key.tenantId} ${key.resource}`}))`;
          if (!force) {
            const stored = open(key, await tx.appToken.findUnique({ where: where(key) }), usableAfter());
            if (stored) return { ...stored, acquired: false };
          }
          const token = await acquire();
          const row = {
            sealedToken: sealText(token.accessToken, seal(key)),
            expiresOn: token.expiresOn,
            acquiredAt: new Date(),
          };
          await tx.appToken.upsert({
            where: where(key),
            create: { entraTenantId: key.tenantId, resource: key.resource, ...row },
            update: row,
          });
          return { ...token, acquired: true };
        },
        { maxWait: LOCK_WAIT_MS, timeout: LOCK_WAIT_MS },
      );
    },
  };
}
