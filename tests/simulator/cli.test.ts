import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_WORLD_FILE } from '../../simulator/index';
import { createClient } from './support/https-client';

const require = createRequire(import.meta.url);
const TSX_CLI = require.resolve('tsx/cli');
const MAIN = path.resolve('simulator/main.ts');

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'canopy-sim-cli-'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

function runCli(args: string[]) {
  const child = spawn(process.execPath, [TSX_CLI, MAIN, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, output: () => ({ stdout, stderr }) };
}

/** Resolves with the first stdout line matching `pattern` (rejects if the process exits first). */
function waitForLine(child: ChildProcessWithoutNullStreams, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString();
      const line = buffered.split('\n').find((candidate) => pattern.test(candidate));
      if (line) {
        child.stdout.off('data', onData);
        resolve(line);
      }
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) => reject(new Error(`exited with ${code} before printing ${pattern}`)));
  });
}

// Each test starts the simulator through tsx: a few seconds when other tests load the machine.
describe('npm run simulator (simulator/main.ts)', { timeout: 60_000 }, () => {
  it('prints one ready line (origin, CA path, client ID, no secret), serves, logs paths only and stops on SIGTERM', async () => {
    const extra = 'http://localhost:4777/api/auth/callback/entra';
    const run = runCli(['--port', '0', '--data-dir', dataDir, '--redirect-uri', extra]);
    const ready = await waitForLine(run.child, /ready/);
    const world = JSON.parse(await readFile(DEFAULT_WORLD_FILE, 'utf8'));
    const origin = /https:\/\/127\.0\.0\.1:\d+/.exec(ready)?.[0];
    expect(origin).toBeDefined();
    expect(ready).toContain(path.join(dataDir, 'ca.pem'));
    expect(ready).toContain(world.application.clientId);
    expect(ready).not.toContain(world.application.clientSecrets[0].value);
    const tokenFile = path.join(dataDir, 'control-token');
    expect(ready).toContain(`control API ${origin}/_control (token in ${tokenFile})`);
    const controlToken = (await readFile(tokenFile, 'utf8')).trim();
    expect(controlToken.length).toBeGreaterThan(30);

    const client = createClient(await readFile(path.join(dataDir, 'ca.pem'), 'utf8'));
    const query = new URLSearchParams({
      client_id: world.application.clientId,
      redirect_uri: extra,
      response_type: 'code',
      scope: 'openid',
      state: 'state-value-that-must-not-be-logged',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    });
    const page = await client(`${origin}/${world.application.homeTenantId}/oauth2/v2.0/authorize?${query}`);
    expect(page.status).toBe(200);
    await waitForLine(run.child, /\[simulator\] GET \/\S+\/oauth2\/v2\.0\/authorize 200/);

    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    const { stdout } = run.output();
    expect(stdout).not.toContain('state-value-that-must-not-be-logged');
    expect(stdout).not.toContain(controlToken);
    expect(stdout).not.toContain('?');
    expect(stdout.split('\n').filter((line) => line.includes('ready'))).toHaveLength(1);
  });

  it('exits 1 naming the bad field when the world file is invalid', async () => {
    const world = JSON.parse(await readFile(DEFAULT_WORLD_FILE, 'utf8'));
    world.application.redirectUris = ['not a url'];
    const file = path.join(dataDir, 'bad-world.json');
    await writeFile(file, JSON.stringify(world));
    const run = runCli(['--port', '0', '--data-dir', dataDir, '--world', file]);
    expect(await run.exited).toBe(1);
    expect(run.output().stderr).toContain('application.redirectUris[0]: must be an absolute http(s) URL');
  });

  it('rejects unknown flags and a bad port with usage', async () => {
    const unknown = runCli(['--prot', '1']);
    expect(await unknown.exited).toBe(1);
    expect(unknown.output().stderr).toContain('Usage: npm run simulator');
    const badPort = runCli(['--port', 'http']);
    expect(await badPort.exited).toBe(1);
    expect(badPort.output().stderr).toContain('--port must be 0-65535');
    const badRate = runCli(['--live-rate', 'fast']);
    expect(await badRate.exited).toBe(1);
    expect(badRate.output().stderr).toContain('--live-rate must be a number of alerts per minute');
  });

  it('turns Defender live mode on with --live-rate', async () => {
    const run = runCli(['--port', '0', '--data-dir', dataDir, '--live-rate', '6']);
    const origin = /https:\/\/127\.0\.0\.1:\d+/.exec(await waitForLine(run.child, /ready/))![0];
    const client = createClient(await readFile(path.join(dataDir, 'ca.pem'), 'utf8'));
    const token = (await readFile(path.join(dataDir, 'control-token'), 'utf8')).trim();
    const state = await client(`${origin}/_control/defender/live`, { headers: { authorization: `Bearer ${token}` } });
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    expect(state.status).toBe(200);
    expect(state.json<{ ratePerMinute: number }>().ratePerMinute).toBe(6);
  });
});
