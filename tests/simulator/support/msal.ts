import { Agent, request } from 'node:https';
import {
  ConfidentialClientApplication,
  type INetworkModule,
  type NetworkRequestOptions,
  type NetworkResponse,
} from '@azure/msal-node';
import type { TestSimulator } from './simulator';

/**
 * MSAL's network module over node:https trusting the simulator's CA (toolchain.md §MSAL: a custom
 * `system.networkClient` instead of NODE_EXTRA_CA_CERTS, which is read only at process start).
 * Like MSAL's own client, it returns the parsed JSON for error statuses too (§F6).
 */
export function simulatorNetworkClient(ca: string): INetworkModule {
  const agent = new Agent({ ca, keepAlive: false });
  const send = <T>(method: 'GET' | 'POST', url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> =>
    new Promise((resolve, reject) => {
      const body = options?.body;
      const headers: Record<string, string> = { ...options?.headers };
      if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
      const req = request(url, { method, agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const responseHeaders: Record<string, string> = {};
          for (const [name, value] of Object.entries(res.headers))
            if (value !== undefined)
              responseHeaders[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
          try {
            resolve({ headers: responseHeaders, body: JSON.parse(text) as T, status: res.statusCode ?? 0 });
          } catch (error) {
            reject(new Error(`${method} ${url}: answer ${res.statusCode} is not JSON`, { cause: error }));
          }
        });
      });
      req.on('error', reject);
      if (body !== undefined) req.write(body);
      req.end();
    });
  return {
    sendGetRequestAsync: (url, options) => send('GET', url, options),
    sendPostRequestAsync: (url, options) => send('POST', url, options),
  };
}

export type MsalCredential =
  { clientSecret: string } | { clientCertificate: { thumbprintSha256: string; privateKey: string; x5c: string } };

/** One ConfidentialClientApplication for every tenant, as Canopy uses it (§F3), on the simulator's localhost alias. */
export function createMsalClient(sim: TestSimulator, credential: MsalCredential, defaultTenant: string) {
  const port = new URL(sim.origin).port;
  const authorityHost = `https://localhost:${port}`;
  const cca = new ConfidentialClientApplication({
    auth: {
      clientId: sim.app.clientId,
      authority: `${authorityHost}/${defaultTenant}`,
      knownAuthorities: [`localhost:${port}`],
      ...credential,
    },
    system: { networkClient: simulatorNetworkClient(sim.ca) },
  });
  return { cca, authorityFor: (tenant: string) => `${authorityHost}/${tenant}` };
}
