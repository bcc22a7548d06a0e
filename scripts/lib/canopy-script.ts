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

/** Canopy's background worker, as `npm run worker` runs it. */
export const workerArgs = () => canopyScriptArgs('scripts/worker.ts');

/** The worker's one ready line (scripts/worker.ts). */
export const isWorkerReady = (line: string) => line.includes('Canopy worker ready');
