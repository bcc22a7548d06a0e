/**
 * `npm start`: production entry point. Validates the configuration, applies pending migrations,
 * then serves the built app (`npm run build` first) and starts one background worker. Refuses to
 * start on bad settings, naming them.
 */
import './lib/require-supported-node';
import { spawn } from 'node:child_process';
import { parseConfig, ConfigError } from '../lib/config/schema';
import { applyMigrations } from './db/apply-migrations';
import { nextServerArgs, workerArgs } from './lib/canopy-script';

let config;
try {
  config = parseConfig({ ...process.env, NODE_ENV: process.env.NODE_ENV ?? 'production' });
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
}
if (!config.databaseUrl) {
  console.error('Canopy cannot start: DATABASE_URL is not set (use `npm run demo` for a local embedded database).');
  process.exit(1);
}

if (config.startNotice) console.warn(`Canopy: ${config.startNotice}`);

const applied = await applyMigrations({ databaseUrl: config.databaseUrl });
console.log(applied.length ? `Applied migrations: ${applied.join(', ')}` : 'Database schema is up to date.');

// The listening port, as with `next start`; the public URL may be a reverse proxy's.
const port = process.env.PORT ?? '3000';
// Relaxed rules are allowed only on loopback (lib/config/schema.ts): then listen there and nowhere else.
const hostname = config.startNotice ? ['--hostname', new URL(config.publicUrl).hostname] : [];
const next = spawn(process.execPath, nextServerArgs('start', ['--port', port, ...hostname]), {
  stdio: 'inherit',
  env: { ...process.env, NODE_ENV: 'production' },
});
// One background worker beside the server; `npm run worker` adds more (README: scaling out).
const worker = spawn(process.execPath, workerArgs(), {
  stdio: 'inherit',
  env: { ...process.env, NODE_ENV: 'production' },
});
const children = [next, worker];
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => children.forEach((child) => child.kill(signal)));
// Either one ending ends Canopy: a server without its worker (or the reverse) is not Canopy.
for (const child of children)
  child.on('exit', (code) => {
    for (const other of children) if (other !== child) other.kill('SIGTERM');
    process.exit(code ?? 1);
  });
