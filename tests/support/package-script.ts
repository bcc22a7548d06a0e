import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;

/**
 * Node arguments for a `tsx …` script of package.json, so a test runs an entry point with exactly
 * the flags `npm run <name>` uses (without npm in between).
 */
export function packageScriptArgs(name: string, options: { without?: (arg: string) => boolean } = {}): string[] {
  const [tool, ...args] = (scripts[name] ?? '').split(' ');
  if (tool !== 'tsx') throw new Error(`package.json script "${name}" is not a tsx script`);
  return [require.resolve('tsx/cli'), ...args.filter((arg) => !options.without?.(arg))];
}
