/**
 * The Node.js versions Canopy supports: package.json's `engines.node`, read here so the launchers
 * check the same range npm warns about. The range uses only the two forms it needs, `^X.Y` (X.Y or
 * later within major X) and `>=X` (major X or later), joined by `||`.
 */
import { readFileSync } from 'node:fs';

export const SUPPORTED_NODE: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { engines: { node: string } }
).engines.node;

/** Whether `version` ("v22.12.0" or "22.12.0") is in `range`; throws on a range form it does not know. */
export function isSupportedNode(version: string, range: string = SUPPORTED_NODE): boolean {
  const [major = 0, minor = 0] = version.replace(/^v/, '').split('.').map(Number);
  return range.split('||').some((clause) => {
    const caret = /^\^(\d+)\.(\d+)$/.exec(clause.trim());
    if (caret) return major === Number(caret[1]) && minor >= Number(caret[2]);
    const atLeast = /^>=(\d+)$/.exec(clause.trim());
    if (atLeast) return major >= Number(atLeast[1]);
    throw new Error(`Unsupported form in the Node.js range "${range}": ${clause.trim()}`);
  });
}
