import { randomBytes, randomUUID } from 'node:crypto';

/** Unguessable opaque identifier (base64url), for codes, pending requests and sessions. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** Lower-case GUID, the format Entra uses for tenant, object, trace and correlation ids. */
export function randomGuid(): string {
  return randomUUID();
}

export const GUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isGuid(value: string): boolean {
  return GUID_PATTERN.test(value);
}
