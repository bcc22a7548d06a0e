import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const tsx = require.resolve('tsx/cli');

/** A complete production configuration; each test breaks one thing. */
const production = {
  CANOPY_ENV: 'production',
  CANOPY_PUBLIC_URL: 'https://canopy.example.com',
  CANOPY_AUTH_SECRET: 'p'.repeat(48),
  ENTRA_CLIENT_ID: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee',
  ENTRA_TENANT_ID: '11111111-2222-4333-8444-555555555555',
  ENTRA_CLIENT_SECRET: 'never-printed-value',
  DATABASE_URL: 'postgresql://canopy@127.0.0.1:1/canopy',
};

/** Runs the real production entry point (`npm start`) and returns how it ended. */
function start(env: Record<string, string | undefined>) {
  const result = spawnSync(process.execPath, [tsx, 'scripts/start.ts'], {
    // Only what the test sets: nothing from the developer's own environment leaks in.
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env } as unknown as NodeJS.ProcessEnv,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('npm start in production mode', () => {
  it('refuses the simulator preset, naming the setting', () => {
    const { status, output } = start({ ...production, MICROSOFT_CLOUD: 'simulator' });
    expect(status).toBe(1);
    expect(output).toContain('Canopy cannot start: invalid configuration.');
    expect(output).toContain('MICROSOFT_CLOUD: the simulator preset is not allowed in production');
  });

  it('refuses to start without an app credential', () => {
    const { status, output } = start({ ...production, ENTRA_CLIENT_SECRET: undefined });
    expect(status).toBe(1);
    expect(output).toContain('ENTRA_CLIENT_SECRET or ENTRA_CERTIFICATE_*: production needs the app credential');
  });

  it('refuses to start without an auth secret or on http, and never prints the secret', () => {
    const { status, output } = start({
      ...production,
      CANOPY_AUTH_SECRET: undefined,
      CANOPY_PUBLIC_URL: 'http://canopy.example.com',
    });
    expect(status).toBe(1);
    expect(output).toContain('CANOPY_AUTH_SECRET: required');
    expect(output).toContain('CANOPY_PUBLIC_URL: required in production, and must be https://');
    expect(output).not.toContain('never-printed-value');
  });
});
