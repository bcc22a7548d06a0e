import type { Caller } from '../guard';
import { sendApiError } from '../http/errors';
import { compileFilter, type CompiledFilter, type FilterSchema } from './compile-filter';
import { FilterSyntaxError } from './parse-filter';
import { QueryOptionError, readQueryOptions, type QueryOptions, type QuerySpec } from './query-options';

export type PreparedQuery<T> = { options: QueryOptions; filter: CompiledFilter<T> };

/** The query options alone (e.g. `$expand` on one entity), or undefined once the dialect's 400 is sent. */
export function readOptions(caller: Caller, params: URLSearchParams, spec: QuerySpec): QueryOptions | undefined {
  try {
    return readQueryOptions(params, spec);
  } catch (error) {
    if (!(error instanceof QueryOptionError)) throw error;
    const graph = caller.errors.dialect === 'graph';
    const message = graph && error.option === '$filter' ? `Invalid filter clause: ${error.message}` : error.message;
    sendApiError(caller.errors, 400, graph ? 'BadRequest' : 'ODataError', message);
    return undefined;
  }
}

/**
 * Query options and a type-checked filter, or a 400 already sent: `ODataError` in the Defender
 * dialect, `BadRequest` ("Invalid filter clause: …" for filters) in Graph's.
 */
export function prepareQuery<T>(
  caller: Caller,
  params: URLSearchParams,
  spec: QuerySpec,
  schema: FilterSchema<T>,
  rangeField: string,
): PreparedQuery<T> | undefined {
  const graph = caller.errors.dialect === 'graph';
  const options = readOptions(caller, params, spec);
  if (!options) return undefined;
  try {
    return { options, filter: compileFilter(schema, options.filter, rangeField) };
  } catch (error) {
    if (!(error instanceof FilterSyntaxError)) throw error;
    sendApiError(
      caller.errors,
      400,
      graph ? 'BadRequest' : 'ODataError',
      graph ? `Invalid filter clause: ${error.message}` : error.message,
    );
    return undefined;
  }
}
