/**
 * Runs once when the Canopy server starts. The configuration check lives in a Node-only module
 * (it exits the process), loaded only in the Node.js runtime.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') await import('./lib/config/validate-at-start');
}
