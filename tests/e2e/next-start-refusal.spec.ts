import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { expect, test } from '@playwright/test';
import { NEVER_PRINTED_SECRET, productionEnv } from '../support/production-env';

const require = createRequire(import.meta.url);

/**
 * `next start` run directly (not through `npm start`) must refuse a bad production configuration
 * too: instrumentation.ts validates at server start. Uses the production build the suite tests.
 */
test('a bare `next start` in production mode with the simulator preset exits with the reason', async () => {
  const child = spawn(process.execPath, [require.resolve('next/dist/bin/next'), 'start', '--port', '0'], {
    env: productionEnv({ MICROSOFT_CLOUD: 'simulator' }),
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  expect(code).toBe(1);
  expect(output).toContain('MICROSOFT_CLOUD: the simulator preset is not allowed in production');
  expect(output).not.toContain(NEVER_PRINTED_SECRET);
});
