import type { AddressInfo } from 'node:net';
import { systemClock, type Clock } from './clock';
import { prepareControlToken } from './control/control-token';
import { ensureTlsMaterial } from './crypto/certificates';
import { DEFAULT_DATA_DIR, ensureDataDir } from './crypto/data-dir';
import { loadOrCreateKeyStore } from './crypto/signing-keys';
import { stdoutLog, type LogSink } from './http/request-log';
import { createSimulatorServer } from './server';
import { createServices, type SimulatorServices } from './services';
import { loadWorldFile, parseWorld } from './world/load-world';
import type { World } from './world/schema';
import { createWorldModel } from './world/world-model';

export type { World } from './world/schema';
export { WorldValidationError, loadWorldFile, parseWorld, DEFAULT_WORLD_FILE } from './world/load-world';

export type StartSimulatorOptions = {
  /** Default 8443; 0 picks a free port (the returned origin has the real one). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** World JSON file (default simulator/worlds/default.json). Ignored when `world` is given. */
  worldFile?: string;
  /** World data (validated like a file), e.g. a test's own world. */
  world?: unknown;
  /** Where the CA, server certificate and signing key live (default .canopy/simulator). */
  dataDir?: string;
  /** Redirect URIs accepted in addition to the world's (e.g. Canopy on another port). */
  extraRedirectUris?: string[];
  /** Request log sink; default stdout, `false` for silence. */
  log?: LogSink | false;
  /** Time source, for tests that need codes or secrets to expire. */
  clock?: Clock;
  /**
   * Control API token file. If it holds a token, that token is used; otherwise a new one is
   * written there. Default: a new token in `<dataDir>/control-token` on every start.
   */
  controlTokenFile?: string;
};

export type RunningSimulator = {
  origin: string;
  caCertPath: string;
  /** The world as loaded (extra redirect URIs merged in). The live one, changed by consent and the control API, is `services.world.data`. */
  world: World;
  /** Start-up time and what had to be generated on this start. */
  startup: { ms: number; generatedCa: boolean; generatedSigningKey: boolean };
  /** Bearer token for `/_control/...` and the file (mode 0600) that holds it. */
  controlToken: string;
  controlTokenFile: string;
  /** The live services (world, keys, clock, state): for tests that mint tokens or inspect state in-process. */
  services: SimulatorServices;
  stop(): Promise<void>;
};

function formatOrigin(host: string, port: number): string {
  return `https://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

function validateRedirectUris(uris: readonly string[]): string[] {
  return uris.map((uri) => {
    let parsed: URL;
    try {
      parsed = new URL(uri);
    } catch {
      throw new Error(`Extra redirect URI is not an absolute URL: ${uri}`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
      throw new Error(`Extra redirect URI must be http(s): ${uri}`);
    return uri;
  });
}

export async function startSimulator(options: StartSimulatorOptions = {}): Promise<RunningSimulator> {
  const started = performance.now();
  const host = options.host ?? '127.0.0.1';
  const clock = options.clock ?? systemClock;
  const log: LogSink = options.log === false ? () => {} : (options.log ?? stdoutLog);
  const worldData = options.world !== undefined ? parseWorld(options.world) : await loadWorldFile(options.worldFile);
  const world = createWorldModel(worldData, {
    extraRedirectUris: validateRedirectUris(options.extraRedirectUris ?? []),
  });

  const dataDir = await ensureDataDir(options.dataDir ?? DEFAULT_DATA_DIR);
  const [tls, keys, control] = await Promise.all([
    ensureTlsMaterial(dataDir),
    loadOrCreateKeyStore(dataDir),
    prepareControlToken({ dataDir, tokenFile: options.controlTokenFile }),
  ]);

  const services = createServices({ world, keys, clock, log, controlToken: control.token });
  const server = createSimulatorServer(tls, services);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8443, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  services.origin = formatOrigin(host, (server.address() as AddressInfo).port);

  return {
    origin: services.origin,
    caCertPath: tls.caCertPath,
    world: world.data,
    startup: {
      ms: Math.round(performance.now() - started),
      generatedCa: tls.generated.ca,
      generatedSigningKey: keys.generated,
    },
    controlToken: control.token,
    controlTokenFile: control.file,
    services,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
