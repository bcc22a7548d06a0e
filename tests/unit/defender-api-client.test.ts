import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AuthError, ClientAuthErrorCodes, ServerError } from '@azure/msal-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCallBudget } from '@/lib/defender/call-budget';
import { createDefenderApiClient } from '@/lib/defender/defender-api-client';
import { createRequestSlots } from '@/lib/defender/request-slots';
import { SyncError } from '@/lib/defender/sync-error';
import type { AppTokenClient } from '@/lib/microsoft/app-token-client';

/** Token requests that go through the given answers in turn, then hand out a token. */
function tokensAnswering(...failures: Error[]) {
  const requests: { skipCache?: boolean }[] = [];
  const client: AppTokenClient = {
    acquire(request) {
      requests.push(request);
      const failure = failures.shift();
      if (failure) return Promise.reject(failure);
      return Promise.resolve({
        accessToken: 'token-for-test',
        expiresOn: new Date(Date.now() + 3_600_000),
        fromCache: false,
      });
    },
  };
  return { client, requests };
}

/** MSAL's error when its request to the token endpoint got no answer (HttpClient's `fetch` failed). */
const networkError = () => new AuthError(ClientAuthErrorCodes.networkError, '', 'Network request failed: fetch failed');

let server: Server;
let apiUrl: string;
let apiCalls = 0;

beforeAll(async () => {
  server = createServer((_request, response) => {
    apiCalls++;
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end('{"value":[]}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/alerts`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function clientWith(tokens: AppTokenClient, waits: number[]) {
  return createDefenderApiClient({
    resource: 'https://api.securitycenter.microsoft.com',
    tokens,
    budget: createCallBudget([{ calls: 100, windowMs: 60_000 }], []),
    slots: createRequestSlots(4),
    deadline: Date.now() + 3_600_000,
    retry: { maxAttempts: 3 },
    // Backoff is recorded, not waited: the test is about which waits are taken.
    sleep: (ms) => {
      waits.push(ms);
      return Promise.resolve();
    },
  });
}

describe('the Defender API client, when the token endpoint cannot be reached', () => {
  it('retries after a backoff, as for the API’s own network errors, and then reads the page', async () => {
    const tokens = tokensAnswering(networkError());
    const waits: number[] = [];
    const before = apiCalls;
    const json = await clientWith(tokens.client, waits).getJson({ entraTenantId: 'tenant', url: apiUrl });
    expect(json).toEqual({ value: [] });
    expect(tokens.requests).toHaveLength(2);
    expect(apiCalls - before).toBe(1);
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThanOrEqual(500);
  });

  it('gives up after every attempt with "unavailable", saying it was the token endpoint, and never calls the API', async () => {
    const tokens = tokensAnswering(networkError(), networkError(), networkError());
    const before = apiCalls;
    const failure = await clientWith(tokens.client, [])
      .getJson({ entraTenantId: 'tenant', url: apiUrl })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SyncError);
    expect((failure as SyncError).code).toBe('unavailable');
    expect((failure as SyncError).details.detail).toBe('the token endpoint could not be reached, 3 attempts');
    expect(tokens.requests).toHaveLength(3);
    expect(apiCalls).toBe(before);
  });

  it('does not retry an answer from the token endpoint: an AADSTS error fails at once, as "token"', async () => {
    const refusal = new ServerError(
      'unauthorized_client',
      '',
      "AADSTS700016: Application with identifier 'x' was not found in the directory 'y'.",
      '',
      '700016',
      400,
    );
    const tokens = tokensAnswering(refusal);
    const waits: number[] = [];
    const failure = await clientWith(tokens.client, waits)
      .getJson({ entraTenantId: 'tenant', url: apiUrl })
      .catch((error: unknown) => error);
    expect((failure as SyncError).code).toBe('token');
    expect((failure as SyncError).details.aadsts).toBe(700016);
    expect(tokens.requests).toHaveLength(1);
    expect(waits).toEqual([]);
  });
});
