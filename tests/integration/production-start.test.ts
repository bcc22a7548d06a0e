import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { packageScriptArgs } from '../support/package-script';
import { NEVER_PRINTED_SECRET, productionEnv } from '../support/production-env';

/** Runs the real production entry point (`npm start`) and returns how it ended. */
function start(overrides: Record<string, string | undefined>) {
  const result = spawnSync(process.execPath, packageScriptArgs('start'), {
    env: productionEnv(overrides),
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('npm start in production mode', () => {
  it('refuses the simulator preset, naming the setting', () => {
    const { status, output } = start({ MICROSOFT_CLOUD: 'simulator' });
    expect(status).toBe(1);
    expect(output).toContain('Canopy cannot start: invalid configuration.');
    expect(output).toContain('MICROSOFT_CLOUD: the simulator preset is not allowed in production');
  });

  it('refuses to start without an app credential', () => {
    const { status, output } = start({ ENTRA_CLIENT_SECRET: undefined });
    expect(status).toBe(1);
    expect(output).toContain('ENTRA_CLIENT_SECRET or ENTRA_CERTIFICATE_*: production needs the app credential');
  });

  it('refuses to start without an auth secret or on http, and never prints the secret', () => {
    const { status, output } = start({
      CANOPY_AUTH_SECRET: undefined,
      CANOPY_PUBLIC_URL: 'http://canopy.example.com',
    });
    expect(status).toBe(1);
    expect(output).toContain('CANOPY_AUTH_SECRET: required');
    expect(output).toContain('CANOPY_PUBLIC_URL: required in production, and must be https://');
    expect(output).not.toContain(NEVER_PRINTED_SECRET);
  });

  it('refuses CANOPY_ENV=test in a production build on a public host, naming it with the other problems', () => {
    const { status, output } = start({ CANOPY_ENV: 'test', MICROSOFT_CLOUD: 'simulator' });
    expect(status).toBe(1);
    expect(output).toContain(
      'CANOPY_ENV: "test" is refused in a production build unless CANOPY_PUBLIC_URL is on loopback',
    );
    expect(output).toContain('MICROSOFT_CLOUD: the simulator preset is not allowed in production');
  });

  it('relaxes the rules on loopback and says so at start', () => {
    // Configuration accepted: start goes on to the (unreachable) database and stops there.
    const { status, output } = start({
      CANOPY_ENV: 'test',
      MICROSOFT_CLOUD: 'simulator',
      CANOPY_PUBLIC_URL: 'http://localhost:3999',
    });
    expect(output).not.toContain('invalid configuration');
    expect(output).toContain(
      'Canopy: Production build in test mode on loopback (http://localhost:3999): production checks are relaxed.',
    );
    expect(status).toBe(1);
  });
});
