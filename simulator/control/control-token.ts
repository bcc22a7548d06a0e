import path from 'node:path';
import { readIfExists, writeFileAtomic } from '../crypto/data-dir';
import { randomToken } from '../ids';

export const CONTROL_TOKEN_FILE = 'control-token';

/**
 * The control API's bearer token. It is never printed: a fresh one is written to
 * `<data-dir>/control-token` (mode 0600) on every start. With `tokenFile`, a token already in that
 * file is used (so a launcher can create it first and hand it to tests), otherwise a new one is
 * written there.
 */
export async function prepareControlToken(options: {
  dataDir: string;
  tokenFile?: string;
}): Promise<{ token: string; file: string }> {
  if (options.tokenFile) {
    const file = path.resolve(options.tokenFile);
    const existing = (await readIfExists(file))?.trim();
    if (existing) {
      if (!/^[\x21-\x7e]{16,512}$/.test(existing))
        throw new Error(`Control token file ${file} must hold one token of 16-512 printable characters.`);
      return { token: existing, file };
    }
    return { token: await writeNewToken(file), file };
  }
  const file = path.join(options.dataDir, CONTROL_TOKEN_FILE);
  return { token: await writeNewToken(file), file };
}

async function writeNewToken(file: string): Promise<string> {
  const token = randomToken(32);
  await writeFileAtomic(file, `${token}\n`, 0o600);
  return token;
}
