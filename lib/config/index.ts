import 'server-only';
import { parseConfig, type Config } from './schema';

let cached: Config | undefined;

/**
 * The validated configuration. The only reader of process.env in the app; the first call (at
 * server start, from instrumentation.ts) throws a ConfigError naming every bad setting.
 */
export function getConfig(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}

export type { Config } from './schema';
