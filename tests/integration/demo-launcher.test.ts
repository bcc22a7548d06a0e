// `npm run demo` (scripts/demo.ts) as a person runs it: the real launcher in a process group of its
// own, as a terminal runs a job, with the real PostgreSQL, simulator and `next dev`: a closed
// terminal, kill -9, the start after a killed run, a database or port already taken, and what
// reaches the console. To stay quick, most runs are stopped once Canopy listens, before its first
// compile; the start after a killed run waits for the banner, and with it for the customer tenants
// the first start sets up (killed that early, the earlier runs never get to them). `next dev`
// allows one server per checkout, so this cannot run while a demo runs in the same folder.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '@/lib/db/client';
import { startEmbeddedPostgres } from '@/scripts/db/embedded-postgres';
import { embeddedServerUrl, findFreePort } from '@/scripts/db/local-postgres-address';
import { DEFAULT_WORLD_FILE } from '@/simulator/index';
import { createClient } from '../simulator/support/https-client';

const require = createRequire(import.meta.url);
const TSX_CLI = require.resolve('tsx/cli');
const SLOW = { timeout: 180_000 };

type Recorded = { name: string; pid: number };
type RunRecord = { launcher: { pid: number }; services: Recorded[] };
type Demo = { child: ChildProcess; output: () => string; exited: Promise<number | null> };

let dataDir: string;
let canopyPort: number;
let simulatorPort: number;
const demos: Demo[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'canopy-demo-test-'));
  canopyPort = await findFreePort();
  simulatorPort = await findFreePort();
});

afterAll(async () => {
  // Whatever a failed test left: the launchers' groups and every service they recorded.
  for (const demo of demos) signalGroup(demo.child.pid!, 'SIGKILL');
  for (const service of readRecord()?.services ?? []) signalGroup(service.pid, 'SIGKILL');
  await rm(dataDir, { recursive: true, force: true });
});

function startDemo(args: string[] = []): Demo {
  const child = spawn(process.execPath, [TSX_CLI, 'scripts/demo.ts', ...args], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      CANOPY_PORT: String(canopyPort),
      SIMULATOR_PORT: String(simulatorPort),
      CANOPY_DATA_DIR: dataDir,
      SIMULATOR_LIVE_RATE: '0',
      // The embedded PostgreSQL, whatever the environment running the tests points at.
      DATABASE_URL: undefined,
    },
  });
  let output = '';
  for (const stream of [child.stdout, child.stderr])
    stream?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const demo = { child, output: () => output, exited };
  demos.push(demo);
  return demo;
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // already gone
  }
}

function readRecord(): RunRecord | undefined {
  const file = path.join(dataDir, 'processes.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as RunRecord) : undefined;
}

/** Live processes (zombies excluded) whose pid or process group is one of `ids`. */
function liveProcesses(ids: number[]): number[] {
  const live: number[] = [];
  for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // ended while we looked
    }
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (state !== 'Z' && (ids.includes(Number(entry)) || ids.includes(Number(pgrp)))) live.push(Number(entry));
  }
  return live;
}

function listening(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    const answer = (result: boolean) => {
      socket.destroy();
      resolve(result);
    };
    socket.once('connect', () => answer(true)).once('error', () => answer(false));
    socket.setTimeout(2000, () => answer(false));
  });
}

async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 150_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await delay(100);
  }
}

/** Waits until the demo's services all run and Canopy listens; returns its run record. */
async function waitForServices(demo: Demo): Promise<RunRecord> {
  await waitFor('the demo to start Canopy', async () => {
    if (demo.child.exitCode !== null) throw new Error(`The demo exited (${demo.child.exitCode}):\n${demo.output()}`);
    return (
      ['canopy', 'worker'].every((name) => readRecord()?.services.some((service) => service.name === name)) &&
      (await listening(canopyPort, 'localhost'))
    );
  });
  return readRecord()!;
}

function idsOf(record: RunRecord): number[] {
  return [record.launcher.pid, ...record.services.map((service) => service.pid)];
}

async function waitUntilAllGone(ids: number[]): Promise<void> {
  await waitFor(
    'every process to end and both ports to be free',
    async () =>
      liveProcesses(ids).length === 0 &&
      !(await listening(canopyPort, 'localhost')) &&
      !(await listening(simulatorPort, '127.0.0.1')),
    30_000,
  );
}

/** One request to the simulator (its OpenID metadata), which it logs as a request line. */
async function askSimulator(): Promise<void> {
  const ca = readFileSync(path.join(dataDir, 'simulator', 'ca.pem'), 'utf8');
  const world = JSON.parse(readFileSync(DEFAULT_WORLD_FILE, 'utf8')) as { application: { homeTenantId: string } };
  const url = `https://127.0.0.1:${simulatorPort}/${world.application.homeTenantId}/v2.0/.well-known/openid-configuration`;
  expect((await createClient(ca)(url)).status).toBe(200);
}

const logOf = (service: string) => readFileSync(path.join(dataDir, 'logs', `${service}.log`), 'utf8');

/** The demo's customer tenants and who acted on them, read from its embedded PostgreSQL. */
async function readDemoTenants(demo: Demo) {
  const port = /PostgreSQL is ready on 127\.0\.0\.1:(\d+)\./.exec(demo.output())?.[1];
  const db = createDb(`${embeddedServerUrl(Number(port))}/canopy`);
  try {
    const tenants = await db.customerTenant.findMany({
      orderBy: { displayName: 'asc' },
      select: { displayName: true, status: true },
    });
    const actors = await db.auditEvent.findMany({ distinct: ['actorName'], select: { actorName: true } });
    return { tenants, actors: actors.map((event) => event.actorName) };
  } finally {
    await db.$disconnect();
  }
}

describe('npm run demo (scripts/demo.ts)', () => {
  it(
    'stops PostgreSQL, the simulator and Canopy when its terminal closes (SIGHUP), though it can no longer print',
    SLOW,
    async () => {
      const demo = startDemo();
      const record = await waitForServices(demo);
      // Canopy's web server and worker start side by side, in either order.
      expect(record.services.map((service) => service.name).sort()).toEqual([
        'canopy',
        'guard',
        'postgres',
        'simulator',
        'worker',
      ]);
      expect(liveProcesses(idsOf(record)).length).toBeGreaterThan(record.services.length);

      // The terminal is gone: nothing reads the launcher's output any more, then the hang-up.
      demo.child.stdout?.destroy();
      demo.child.stderr?.destroy();
      signalGroup(demo.child.pid!, 'SIGHUP');

      await waitUntilAllGone(idsOf(record));
      expect(readRecord()).toBeUndefined();
    },
  );

  it(
    'takes its services with it when it is killed outright (SIGKILL); --verbose prints all their lines',
    SLOW,
    async () => {
      const demo = startDemo(['--verbose']);
      const record = await waitForServices(demo);
      await askSimulator();
      await waitFor('the request line on the console', () =>
        /\[simulator\] GET \S+openid-configuration 200/.test(demo.output()),
      );
      expect(demo.output()).toContain('[postgres] PostgreSQL ready on');

      signalGroup(demo.child.pid!, 'SIGKILL');

      await waitUntilAllGone(idsOf(record));
    },
  );

  it(
    'stops what a run killed with its guard left running, removes a stale postmaster.pid, starts and sets up the customer tenants',
    SLOW,
    async () => {
      const killed = startDemo();
      const left = await waitForServices(killed);
      // The launcher and its guard killed outright, and PostgreSQL itself (as an OOM killer would).
      const guard = left.services.find((service) => service.name === 'guard')!;
      const postmaster = readFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0];
      for (const group of [killed.child.pid!, guard.pid]) signalGroup(group, 'SIGKILL');
      process.kill(Number(postmaster), 'SIGKILL');
      await killed.exited;
      // Services may end by themselves once their output has nowhere to go; the simulator, quiet
      // without requests, stays and holds its port.
      const simulator = left.services.find((service) => service.name === 'simulator')!;
      expect(liveProcesses([simulator.pid]).length).toBeGreaterThan(0);

      const demo = startDemo();
      await waitFor('the banner', () => demo.output().includes('Canopy is running at') || demo.child.exitCode !== null);
      expect(demo.output()).toContain(`Canopy is running at http://localhost:${canopyPort}`);
      expect(demo.output()).toContain(`Stopping simulator (pid ${simulator.pid}), left running by an earlier run`);
      expect(liveProcesses(left.services.map((service) => service.pid))).toEqual([]);

      // The first start to get this far set up the customer tenants, as "Demo setup", and says so.
      expect(await readDemoTenants(demo)).toEqual({
        tenants: [
          { displayName: 'Adatum', status: 'REVOKED' },
          { displayName: 'Litware', status: 'CONNECTED' },
          { displayName: 'Northwind Traders', status: 'CONNECTED' },
          { displayName: 'Relecloud', status: 'MISSING_PERMISSIONS' },
          { displayName: 'Tailspin Toys', status: 'INVITED' },
        ],
        actors: ['Demo setup'],
      });
      expect(demo.output()).toContain('Customer tenants, set up at this first start by "Demo setup"');
      expect(demo.output()).toMatch(/Relecloud +Missing permissions\n/);
      expect(demo.output()).toContain(
        'Register fabrikam.onmicrosoft.com, admin email dana.admin@fabrikam.onmicrosoft.com',
      );

      // Request lines go to the services' log files, not to the console.
      expect((await fetch(`http://localhost:${canopyPort}/api/health`)).status).toBe(200);
      await askSimulator();
      await waitFor(
        'both request lines in the logs',
        () =>
          /GET \/api\/health 200/.test(logOf('canopy')) && /GET \S+openid-configuration 200/.test(logOf('simulator')),
      );
      expect(demo.output()).not.toMatch(/GET \/api\/health|openid-configuration|\[postgres\]/);

      const record = readRecord()!;
      signalGroup(demo.child.pid!, 'SIGTERM');
      expect(await demo.exited).toBe(0);
      await waitUntilAllGone(idsOf(record));
    },
  );

  it('says once, without a stack trace, what to do when PostgreSQL already runs on its data folder', SLOW, async () => {
    const postgres = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'postgres') });
    try {
      const demo = startDemo();
      expect(await demo.exited).toBe(1);
      const output = demo.output();
      expect(output.match(/PostgreSQL is already running on \S+ \(pid \d+\)/g)).toHaveLength(1);
      expect(output).toMatch(/Stop it \(kill \d+\) or use another data directory\./);
      expect(output).not.toMatch(/\n\s+at /);
    } finally {
      await postgres.stop();
    }
  });

  it("names the setting to change when a port is taken, not the simulator's --port flag", SLOW, async () => {
    for (const [port, host, setting] of [
      [simulatorPort, '127.0.0.1', 'SIMULATOR_PORT'],
      [canopyPort, 'localhost', 'CANOPY_PORT'],
    ] as const) {
      const taken = createServer();
      await new Promise<void>((resolve, reject) => taken.once('error', reject).listen(port, host, resolve));
      try {
        const demo = startDemo();
        expect(await demo.exited).toBe(1);
        expect(demo.output()).toContain(`Port ${port} is already in use`);
        expect(demo.output()).toMatch(new RegExp(`choose another port: ${setting}=\\d+\\.`));
        expect(demo.output()).not.toContain('--port');
      } finally {
        await new Promise((resolve) => taken.close(resolve));
      }
    }
  });
});
