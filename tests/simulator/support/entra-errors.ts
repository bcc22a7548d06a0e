import { expect } from 'vitest';
import { expectEntraError } from './simulator';

type Expected = { error: string; code: number; origin: string };

/** The HTTP status (the body is shown when it is off), then the §B3 body as `expectEntraError` checks it. */
export function expectEntraErrorResponse(
  response: { status: number; json(): Record<string, unknown> },
  status: number,
  expected: Expected,
) {
  expect(response.status, JSON.stringify(response.json())).toBe(status);
  return expectEntraError(response.json(), expected);
}

/** The AADSTS fields of an error redirect (§A3): error, a description with Entra's trace lines, the lookup URI. */
export function expectErrorRedirectParams(params: URLSearchParams, expected: Expected) {
  expect(params.get('error')).toBe(expected.error);
  expect(params.get('error_description')).toMatch(
    new RegExp(
      `^AADSTS${expected.code}: .*\\r\\nTrace ID: [0-9a-f-]{36}\\r\\nCorrelation ID: [0-9a-f-]{36}\\r\\nTimestamp: \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ$`,
      's',
    ),
  );
  expect(params.get('error_uri')).toBe(`${expected.origin}/error?code=${expected.code}`);
}
