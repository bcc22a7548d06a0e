// How Canopy runs Next: `next start` with a bounded heap unless the operator's NODE_OPTIONS sets
// one (a command-line flag would override theirs), `next dev` as Next runs it; and its worker.
import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { nextServerArgs, WORKER_NODE_FLAGS, workerArgs } from '../../scripts/lib/canopy-script';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('nextServerArgs', () => {
  it('limits the production server’s heap', () => {
    vi.stubEnv('NODE_OPTIONS', '');
    const args = nextServerArgs('start', ['--port', '3000']);
    expect(args[0]).toBe('--max-old-space-size=256');
    expect(args.slice(1)).toEqual([expect.stringMatching(/next\/dist\/bin\/next$/), 'start', '--port', '3000']);
  });

  it('leaves the heap to NODE_OPTIONS when it sets one', () => {
    vi.stubEnv('NODE_OPTIONS', '--enable-source-maps --max-old-space-size=1024');
    expect(nextServerArgs('start', [])).toEqual([expect.stringMatching(/next\/dist\/bin\/next$/), 'start']);
  });

  it('leaves the development server alone', () => {
    vi.stubEnv('NODE_OPTIONS', '');
    expect(nextServerArgs('dev', ['--port', '3000'])).toEqual([
      expect.stringMatching(/next\/dist\/bin\/next$/),
      'dev',
      '--port',
      '3000',
    ]);
  });
});

describe('workerArgs', () => {
  it('runs the worker through tsx with its node flags, the same as `npm run worker`', async () => {
    const args = workerArgs();
    expect(args[0]).toMatch(/tsx/);
    expect(args.slice(1)).toEqual([
      ...WORKER_NODE_FLAGS,
      '--conditions=react-server',
      expect.stringMatching(/scripts\/worker\.ts$/),
    ]);
    const { scripts } = JSON.parse(await readFile('package.json', 'utf8')) as { scripts: Record<string, string> };
    expect(scripts.worker).toBe(`tsx ${WORKER_NODE_FLAGS.join(' ')} --conditions=react-server scripts/worker.ts`);
  });
});
