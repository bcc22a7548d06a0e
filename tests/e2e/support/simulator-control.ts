import { readFileSync } from 'node:fs';
import { request } from 'node:https';

/**
 * The simulator's control API (simulator/README.md), to change the simulated Microsoft side
 * during a test. Over https with the simulator's own CA; the token is read from the file the
 * launcher wrote, never printed.
 */
export async function simulatorControl(method: string, path: string, body?: unknown): Promise<unknown> {
  const base = requiredEnv('E2E_SIMULATOR_URL');
  const token = readFileSync(requiredEnv('E2E_SIMULATOR_CONTROL_TOKEN_FILE'), 'utf8').trim();
  const ca = readFileSync(requiredEnv('E2E_SIMULATOR_CA'));
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(`/_control${path}`, base),
      {
        method,
        ca,
        headers: {
          authorization: `Bearer ${token}`,
          ...(payload ? { 'content-type': 'application/json' } : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          if ((res.statusCode ?? 500) >= 300) reject(new Error(`control ${method} ${path}: ${res.statusCode} ${text}`));
          else resolve(text ? JSON.parse(text) : null);
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run through playwright.config.ts (global setup).`);
  return value;
}
