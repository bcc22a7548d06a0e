import { mkdir, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { randomToken } from '../ids';

export const DEFAULT_DATA_DIR = '.canopy/simulator';

export async function ensureDataDir(dir: string): Promise<string> {
  const absolute = path.resolve(dir);
  await mkdir(absolute, { recursive: true, mode: 0o700 });
  return absolute;
}

/** Write via a temp file + rename so readers never see half a PEM. */
export async function writeFileAtomic(file: string, contents: string, mode: number): Promise<void> {
  const temp = `${file}.${randomToken(6)}.tmp`;
  await writeFile(temp, contents, { mode });
  await rename(temp, file);
}

export async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

const LOCK_STALE_MS = 30_000;
const LOCK_POLL_MS = 25;

/**
 * Cross-process lock (an exclusively created file) around generating key material, so two
 * simulators started at once on one data dir (parallel test files) do not write two CAs.
 */
export async function withDataDirLock<T>(dir: string, name: string, work: () => Promise<T>): Promise<T> {
  const lockFile = path.join(dir, `${name}.lock`);
  for (;;) {
    try {
      const handle = await open(lockFile, 'wx');
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const info = await stat(lockFile).catch(() => undefined);
      if (info && Date.now() - info.mtimeMs > LOCK_STALE_MS) {
        await rm(lockFile, { force: true });
        continue;
      }
      await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
    }
  }
  try {
    return await work();
  } finally {
    await rm(lockFile, { force: true });
  }
}
