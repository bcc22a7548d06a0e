import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { worldSchema, type World } from './schema';

export const DEFAULT_WORLD_FILE = fileURLToPath(new URL('../worlds/default.json', import.meta.url));

export class WorldValidationError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`World ${source} is invalid:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'WorldValidationError';
  }
}

/** `tenants[0].users[1].id` from zod's path array. */
function formatPath(issuePath: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of issuePath) {
    out += typeof segment === 'number' ? `[${segment}]` : `${out ? '.' : ''}${String(segment)}`;
  }
  return out || '(root)';
}

function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
}

/** Validates already-parsed world data (e.g. a test's inline world). */
export function parseWorld(data: unknown, source = '(inline world)'): World {
  const result = worldSchema.safeParse(data);
  if (!result.success) throw new WorldValidationError(source, describeIssues(result.error));
  return result.data;
}

export async function loadWorldFile(file: string = DEFAULT_WORLD_FILE): Promise<World> {
  const source = path.relative(process.cwd(), file) || file;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new WorldValidationError(source, [`cannot read file: ${(error as Error).message}`]);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new WorldValidationError(source, [`not valid JSON: ${(error as Error).message}`]);
  }
  return parseWorld(data, source);
}
