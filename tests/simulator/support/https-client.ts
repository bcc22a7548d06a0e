import { request as httpsRequest, Agent } from 'node:https';
import { gunzipSync } from 'node:zlib';

export type SimResponse = {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json<T = Record<string, unknown>>(): T;
  location: string | undefined;
};

export type RequestOptions = {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  headers?: Record<string, string>;
  /** Sent as application/x-www-form-urlencoded. */
  form?: Record<string, string>;
  /** Sent as application/json. */
  json?: unknown;
  /** For requests that send a Host header the certificate does not name. */
  skipHostnameCheck?: boolean;
  /** Give up (reject with "timeout") when no response arrived within this many ms. */
  timeoutMs?: number;
};

/** HTTPS client that trusts only the simulator's CA and never follows redirects. */
export function createClient(ca: string) {
  const agent = new Agent({ ca, keepAlive: false });
  return (url: string, options: RequestOptions = {}): Promise<SimResponse> =>
    new Promise((resolve, reject) => {
      const body = options.form
        ? new URLSearchParams(options.form).toString()
        : options.json !== undefined
          ? JSON.stringify(options.json)
          : undefined;
      const headers: Record<string, string> = { ...options.headers };
      if (body !== undefined) {
        headers['content-type'] ??= options.form ? 'application/x-www-form-urlencoded' : 'application/json';
        headers['content-length'] = String(Buffer.byteLength(body));
      }
      const req = httpsRequest(
        url,
        {
          method: options.method ?? (body ? 'POST' : 'GET'),
          headers,
          agent,
          ...(options.skipHostnameCheck ? { checkServerIdentity: () => undefined } : {}),
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const raw = Buffer.concat(chunks);
            // As fetch does: a gzip answer (asked for with accept-encoding) is read decompressed.
            const text = (res.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              text,
              json: <T>() => JSON.parse(text) as T,
              location: res.headers.location,
            });
          });
        },
      );
      req.on('error', reject);
      if (options.timeoutMs !== undefined) req.setTimeout(options.timeoutMs, () => req.destroy(new Error('timeout')));
      if (body !== undefined) req.write(body);
      req.end();
    });
}

export type HttpsClient = ReturnType<typeof createClient>;
