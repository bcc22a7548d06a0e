import 'server-only';
import { LogLevel, type Configuration } from '@azure/msal-node';
import type { Config } from '@/lib/config/schema';

/**
 * Sign-in hosts for which MSAL ships its own metadata (no discovery request). Any other https
 * host (the simulator, a test STS, a future cloud) must be declared in `knownAuthorities`, or
 * MSAL first asks login.microsoftonline.com's instance discovery about it and fails.
 */
const MSAL_BUILT_IN_HOSTS = new Set([
  'login.microsoftonline.com',
  'login.windows.net',
  'login.microsoft.com',
  'sts.windows.net',
  'login.microsoftonline.us',
  'login.usgovcloudapi.net',
  'login.chinacloudapi.cn',
  'login.partner.microsoftonline.cn',
]);

/** MSAL's configuration for Canopy's app: one client for every customer tenant (authority per request). */
export function buildMsalConfiguration(config: Pick<Config, 'app' | 'endpoints'>): Configuration {
  const { clientId, partnerTenantId, credential } = config.app;
  if (!credential) throw new Error('No app credential configured (ENTRA_CLIENT_SECRET or ENTRA_CERTIFICATE_*)');
  const authorityHost = new URL(config.endpoints.authorityHost).host;

  return {
    auth: {
      clientId,
      authority: `${config.endpoints.authorityHost}/${partnerTenantId}`,
      ...(MSAL_BUILT_IN_HOSTS.has(authorityHost) ? {} : { knownAuthorities: [authorityHost] }),
      ...(credential.kind === 'secret'
        ? { clientSecret: credential.secret }
        : {
            clientCertificate: {
              ...(credential.thumbprintAlgorithm === 'sha256'
                ? { thumbprintSha256: credential.thumbprint }
                : { thumbprint: credential.thumbprint }),
              privateKey: credential.privateKeyPem,
              ...(credential.certificateChainPem ? { x5c: credential.certificateChainPem } : {}),
            },
          }),
    },
    system: {
      loggerOptions: {
        // Warnings include routine ones ("No client info in response" on every app-only token).
        logLevel: LogLevel.Error,
        piiLoggingEnabled: false,
        loggerCallback: (level, message) => {
          if (level <= LogLevel.Error) console.error(`[msal] ${message}`);
        },
      },
    },
  };
}
