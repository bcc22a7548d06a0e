import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

/**
 * Node arguments that run one of Canopy's scripts (a file that uses lib code) as `npm run worker`
 * does: tsx with the `react-server` condition, under which lib code's `import 'server-only'` is
 * empty.
 */
export function canopyScriptArgs(script: string, args: string[] = [], nodeFlags: readonly string[] = []): string[] {
  // tsx runs the script in a child node, to which it passes the node flags given after its CLI.
  return [require.resolve('tsx/cli'), ...nodeFlags, '--conditions=react-server', path.resolve(script), ...args];
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

/**
 * The worker's node flags (package.json's `worker` script has the same; a unit test holds them
 * together). A 64 MB young generation (V8's semi-space; 16 MB by default): reading one page of
 * 1,000 alerts allocates more than 16 MB, so with the default most of a page outlived a scavenge
 * and was copied, and scavenges took a third of the worker's CPU in a first sync of 200 tenants.
 * With 64 MB the worker used about a quarter less CPU, and less memory (scripts/bench/sync.ts;
 * README "Scaling out"). On the command line, so NODE_OPTIONS cannot change it.
 */
export const WORKER_NODE_FLAGS = ['--max-semi-space-size=64'] as const;

/** Canopy's background worker, as `npm run worker` runs it. */
export const workerArgs = () => canopyScriptArgs('scripts/worker.ts', [], WORKER_NODE_FLAGS);

/** The worker's one ready line (scripts/worker.ts). */
export const isWorkerReady = (line: string) => line.includes('Canopy worker ready');
