import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { expect, test } from '@playwright/test';

const require = createRequire(import.meta.url);

/**
 * `next start` run directly (not through `npm start`) must refuse a bad production configuration
 * too: instrumentation.ts validates at server start. Uses the production build the suite tests.
 */
test('a bare `next start` in production mode with the simulator preset exits with the reason', async () => {
  const child = spawn(process.execPath, [require.resolve('next/dist/bin/next'), 'start', '--port', '0'], {
    env: {
      PATH: process.env.PATH,
      NEXT_TELEMETRY_DISABLED: '1',
      CANOPY_ENV: 'production',
      CANOPY_PUBLIC_URL: 'https://canopy.example.com',
      CANOPY_AUTH_SECRET: 'p'.repeat(48),
      ENTRA_CLIENT_ID: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee',
      ENTRA_TENANT_ID: '11111111-2222-4333-8444-555555555555',
      ENTRA_CLIENT_SECRET: 'never-printed-value',
      DATABASE_URL: 'postgresql://canopy@127.0.0.1:1/canopy',
      MICROSOFT_CLOUD: 'simulator',
    } as unknown as NodeJS.ProcessEnv,
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  expect(code).toBe(1);
  expect(output).toContain('MICROSOFT_CLOUD: the simulator preset is not allowed in production');
  expect(output).not.toContain('never-printed-value');
});
