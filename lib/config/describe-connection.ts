import 'server-only';
import { getConfig } from '.';

export type ConnectionSummary = {
  cloud: string;
  partnerTenantId: string;
  clientId: string;
  credential: string;
  authorityHost: string;
};

/** What staff may see of the Microsoft connection: identifiers only, never a secret or key. */
export function describeConnection(): ConnectionSummary {
  const { app, cloud, endpoints } = getConfig();
  const credential =
    app.credential === null
      ? 'Not configured'
      : app.credential.kind === 'secret'
        ? 'Client secret'
        : `Certificate (${app.credential.thumbprintAlgorithm.toUpperCase()} thumbprint ${app.credential.thumbprint})`;
  return {
    cloud,
    partnerTenantId: app.partnerTenantId,
    clientId: app.clientId,
    credential,
    authorityHost: endpoints.authorityHost,
  };
}
