// The launchers on a Node.js that is too old: one clear sentence and exit 1, before anything else
// runs. The old version is faked in a fresh process; everything after the check is the real code.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const FAKE_NODE_20_9 = 'data:text/javascript,Object.defineProperty(process, "version", { value: "v20.9.0" })';

describe('a launcher on a Node.js older than package.json allows', () => {
  for (const script of ['scripts/demo.ts', 'scripts/start.ts']) {
    it(`${script} says which versions it needs and exits 1 before starting anything`, () => {
      const dataDir = path.join(tmpdir(), `canopy-never-created-${process.pid}`);
      const result = spawnSync(process.execPath, ['--import', FAKE_NODE_20_9, '--import', 'tsx', script], {
        env: { ...process.env, CANOPY_DATA_DIR: dataDir, DATABASE_URL: undefined },
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(result.status).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe(
        'Canopy needs Node.js ^20.19, ^22.12, >=24 (package.json "engines"); this is Node.js v20.9.0.\n' +
          'Install Node.js 22 (with nvm: `nvm install`, which reads .nvmrc) and try again.\n',
      );
      expect(existsSync(dataDir)).toBe(false);
    });
  }
});
