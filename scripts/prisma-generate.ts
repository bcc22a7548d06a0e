// Runs `prisma generate` (npm postinstall and `npm run db:generate`).
// Every Prisma CLI command first downloads the native schema engine, which fails offline. `generate`
// never runs that engine, so pointing PRISMA_SCHEMA_ENGINE_BINARY at any existing executable skips
// the download. A value already set (e.g. a real engine) is kept, so this is harmless online.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

function resolvePrismaCli(): string | undefined {
  try {
    return require.resolve('prisma/build/index.js');
  } catch {
    return undefined;
  }
}

const cli = resolvePrismaCli();
if (cli === undefined) {
  // `prisma` is a devDependency: a production install (--omit=dev) has no CLI. Not failing the
  // install there; the client must then be generated at build time.
  console.warn('prisma-generate: the prisma CLI is not installed; skipping `prisma generate`.');
  process.exit(0);
}

const result = spawnSync(process.execPath, [cli, 'generate', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
  },
});
if (result.error) throw result.error;
process.exit(result.status ?? 1);
