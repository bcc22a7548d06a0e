import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

/**
 * Node arguments that run one of Canopy's scripts (a file that uses lib code) as `npm run worker`
 * does: tsx with the `react-server` condition, under which lib code's `import 'server-only'` is
 * empty.
 */
export function canopyScriptArgs(script: string, args: string[] = []): string[] {
  return [require.resolve('tsx/cli'), '--conditions=react-server', path.resolve(script), ...args];
}

/**
 * The production web server's V8 heap limit, unless NODE_OPTIONS sets one. Left alone, V8 grows
 * the heap far past what the pages hold: `next start` peaked at 794 MB of RSS under 20 saturating
 * connections at 1,000 tenants, and at about 340 MB with this limit, serving as many pages a second.
 */
const WEB_HEAP_MB = 256;

/** Node arguments that run `next start` or `next dev` as Canopy serves it (the limit above for `start`). */
export function nextServerArgs(command: 'start' | 'dev', args: string[]): string[] {
  const limited = command === 'start' && !/--max-old-space-size\b/.test(process.env.NODE_OPTIONS ?? '');
  return [
    ...(limited ? [`--max-old-space-size=${WEB_HEAP_MB}`] : []),
    require.resolve('next/dist/bin/next'),
    command,
    ...args,
  ];
}

/** Canopy's background worker, as `npm run worker` runs it. */
export const workerArgs = () => canopyScriptArgs('scripts/worker.ts');

/** The worker's one ready line (scripts/worker.ts). */
export const isWorkerReady = (line: string) => line.includes('Canopy worker ready');
