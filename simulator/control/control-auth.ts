import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { CONTROL_PREFIX } from './control-api';

export function isControlPath(pathname: string): boolean {
  return pathname === CONTROL_PREFIX || pathname.startsWith(`${CONTROL_PREFIX}/`);
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

export type ControlAuthFailure = {
  status: 401 | 403;
  body: { error: string; message: string };
  headers: Record<string, string>;
};

/**
 * The control API changes the world, so it answers only loopback callers holding the control token
 * (`Authorization: Bearer …`). The listener is bound to 127.0.0.1 by default; the address check
 * keeps the API closed if someone starts the simulator on another interface.
 */
export function checkControlAccess(req: IncomingMessage, expectedToken: string): ControlAuthFailure | undefined {
  if (!LOOPBACK.test(req.socket.remoteAddress ?? '')) {
    return {
      status: 403,
      body: { error: 'forbidden', message: 'The control API answers loopback callers only.' },
      headers: {},
    };
  }
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  // Compare digests (fixed length) so timing says nothing about the token.
  if (!match || !timingSafeEqual(digest(match[1]!), digest(expectedToken))) {
    return {
      status: 401,
      body: {
        error: 'unauthorized',
        message: 'Send Authorization: Bearer <control token> (see the control-token file in the data directory).',
      },
      headers: { 'WWW-Authenticate': 'Bearer realm="canopy-simulator-control"' },
    };
  }
  return undefined;
}
