/** Next's page `searchParams` values. */
export type SearchParamValue = string | string[] | undefined;

/** The first value of a query parameter given once or repeated (`?a=1&a=2` reads as "1"). */
export function firstValue(value: SearchParamValue): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** A route handler's query string in the shape of a page's `searchParams` (repeated keys as arrays). */
export function searchParamsRecord(params: URLSearchParams): Record<string, SearchParamValue> {
  return Object.fromEntries([...new Set(params.keys())].map((key) => [key, params.getAll(key)]));
}
