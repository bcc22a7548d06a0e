import { getConfig } from '.';

// Validate at server start so a bad setting stops the server with a message naming it, instead of
// failing on the first request. The message lists setting names, never their values.
try {
  const { startNotice } = getConfig();
  if (startNotice) console.warn(`Canopy: ${startNotice}`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
