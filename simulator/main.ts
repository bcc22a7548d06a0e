import { parseArgs } from 'node:util';
import { DEFENDER_CLI_OPTIONS, DEFENDER_CLI_USAGE, applyLiveRate, parseLiveRate } from './defender/cli-options';
import { startSimulator, WorldValidationError } from './index';

const USAGE = `Usage: npm run simulator -- [options]

  --world <file>          world JSON (default simulator/worlds/default.json)
  --port <n>              HTTPS port (default 8443; 0 = any free port)
  --host <host>           address to listen on (default 127.0.0.1)
  --data-dir <dir>        CA, server certificate and signing key (default .canopy/simulator)
  --redirect-uri <uri>    extra accepted redirect URI (repeatable)
  --control-token-file <file>
                          control API token: used if the file holds one, else a new
                          one is written there (default: new token in <data-dir>/control-token)
${DEFENDER_CLI_USAGE}  --help                  show this text
`;

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        world: { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        'data-dir': { type: 'string' },
        'redirect-uri': { type: 'string', multiple: true },
        'control-token-file': { type: 'string' },
        ...DEFENDER_CLI_OPTIONS,
        help: { type: 'boolean' },
      },
      strict: true,
    }));
  } catch (error) {
    fail(`${(error as Error).message}\n\n${USAGE}`);
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535))
    fail(`--port must be 0-65535, got ${values.port}`);
  const liveRate = parseLiveRate(values['live-rate']);
  if (!liveRate.ok) fail(liveRate.message);

  let simulator;
  try {
    simulator = await startSimulator({
      port,
      host: values.host,
      worldFile: values.world,
      dataDir: values['data-dir'],
      extraRedirectUris: values['redirect-uri'],
      controlTokenFile: values['control-token-file'],
    });
  } catch (error) {
    if (error instanceof WorldValidationError) fail(error.message);
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') fail(`Port ${port ?? 8443} is already in use: stop the other process or pass --port.`);
    fail(`Simulator failed to start: ${(error as Error).message}`);
  }

  applyLiveRate(simulator.services.defender, liveRate.rate);

  const { world, startup } = simulator;
  const partner = world.tenants.find((tenant) => tenant.id === world.application.homeTenantId)!;
  const generated = [startup.generatedCa ? 'new CA' : '', startup.generatedSigningKey ? 'new signing key' : '']
    .filter(Boolean)
    .join(', ');
  process.stdout.write(
    `Canopy simulator ready at ${simulator.origin} | CA: ${simulator.caCertPath} | app "${world.application.displayName}" client ID ${world.application.clientId}` +
      ` | partner tenant ${partner.displayName} ${partner.id} | control API ${simulator.origin}/_control (token in ${simulator.controlTokenFile})` +
      ` | started in ${startup.ms} ms${generated ? ` (${generated})` : ''}\n`,
  );

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`Simulator stopping (${signal})\n`);
    simulator.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

void main();
