import { parseAadstsCode } from './aadsts';

/**
 * The admin-consent callback's query (reference §A3), read strictly. Success (v2):
 * `admin_consent=True&tenant={guid}&scope=…&state=…`; failure: `error`, `error_description`
 * (AADSTS text with `\r\n` Trace/Correlation/Timestamp lines), optional `error_uri`,
 * `error_subcode`, `admin_consent=True` even on error, and never `tenant`.
 */
export type ConsentCallback =
  | { kind: 'duplicate-parameters'; names: string[] }
  | { kind: 'missing-state' }
  | {
      kind: 'callback';
      state: string;
      tenant: string | null;
      adminConsent: boolean;
      scope: string | null;
      /** `error` wins over everything else in the query. */
      error: { error: string; code: number | null; subcode: string | null } | null;
    };

/** Parameters that must appear at most once: two `state`s or two `tenant`s are a forgery. */
const SINGLE_VALUED = [
  'state',
  'tenant',
  'error',
  'error_description',
  'error_uri',
  'error_subcode',
  'admin_consent',
  'scope',
];

/** Bytes of UTF-8, as stored. */
const MAX_VALUE_BYTES = 2048;
const MAX_NAME_BYTES = 64;
const MAX_STORED_PARAMETERS = 20;

/** A cancel without an AADSTS code (older observed shape: `error=access_denied&error_subcode=cancel`). */
const DECLINED_SUBCODE = 'cancel';
const DECLINED_CODE = 65004;

export function parseConsentCallback(query: URLSearchParams): ConsentCallback {
  const duplicates = SINGLE_VALUED.filter((name) => query.getAll(name).length > 1);
  if (duplicates.length > 0) return { kind: 'duplicate-parameters', names: duplicates };
  const state = query.get('state');
  if (!state) return { kind: 'missing-state' };
  const errorValue = query.get('error');
  const subcode = query.get('error_subcode');
  const code =
    parseAadstsCode(query.get('error_description'), query.get('error_uri')) ??
    (subcode === DECLINED_SUBCODE ? DECLINED_CODE : null);
  return {
    kind: 'callback',
    state,
    tenant: query.get('tenant'),
    adminConsent: query.get('admin_consent')?.toLowerCase() === 'true',
    scope: query.get('scope'),
    // Present, even empty, is an error: only an error-free callback may count as consent.
    error: errorValue !== null ? { error: errorValue || 'unknown_error', code, subcode } : null,
  };
}

/**
 * What is stored of a callback: every parameter but `state` (a bearer value), control characters
 * replaced by spaces, each value capped at 2 KB and at most 20 parameters, so a hostile caller
 * cannot fill the database.
 */
export function sanitizeCallbackParams(query: URLSearchParams): Record<string, string[]> {
  // A Map, not an object: a parameter named `__proto__` must stay a name.
  const stored = new Map<string, string[]>();
  let count = 0;
  for (const [rawName, rawValue] of query) {
    const name = capUtf8(clean(rawName), MAX_NAME_BYTES);
    if (name === 'state') {
      stored.set(name, ['[not stored]']);
      continue;
    }
    if (count++ >= MAX_STORED_PARAMETERS) break;
    stored.set(name, [...(stored.get(name) ?? []), capUtf8(clean(rawValue), MAX_VALUE_BYTES)]);
  }
  return Object.fromEntries(stored);
}

const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]+/g;

function clean(value: string): string {
  return value.replace(CONTROL_CHARACTERS, ' ').trim();
}

/**
 * The longest start of `value` within `maxBytes` of UTF-8, cut between characters: half a
 * surrogate pair would make PostgreSQL refuse the whole event (jsonb rejects it).
 */
function capUtf8(value: string, maxBytes: number): string {
  if (Buffer.byteLength(value) <= maxBytes) return value;
  let bytes = 0;
  let end = 0;
  for (const character of value) {
    bytes += Buffer.byteLength(character);
    if (bytes > maxBytes) break;
    end += character.length;
  }
  return value.slice(0, end);
}
