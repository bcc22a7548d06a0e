/**
 * Imported first by the launchers (`npm run demo`, `npm start`), so that on a Node.js that is too
 * old they stop with one clear sentence before any dependency fails in its own words.
 */
import { isSupportedNode, SUPPORTED_NODE } from './node-version';

if (!isSupportedNode(process.version)) {
  console.error(
    `Canopy needs Node.js ${SUPPORTED_NODE.replaceAll(' || ', ', ')} (package.json "engines"); this is Node.js ${process.version}.\n` +
      'Install Node.js 22 (with nvm: `nvm install`, which reads .nvmrc) and try again.',
  );
  process.exit(1);
}
