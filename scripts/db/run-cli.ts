// Shared entry-point handling for the db scripts, which are both importable modules and CLIs.
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/**
 * Runs `main` when the calling module is the process entry point, then exits explicitly: pg pools
 * and PGlite instances would otherwise keep the process alive after the work is done.
 */
export function runIfMain(moduleUrl: string, main: () => Promise<number | void>): void {
  const entry = process.argv[1];
  if (entry === undefined || pathToFileURL(realpathSync(entry)).href !== moduleUrl) return;
  main().then(
    (code) => process.exit(code ?? 0),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
