import type { Caller } from '../guard';
import { sendApiError } from '../http/errors';
import { compileFilter, type CompiledFilter, type FilterSchema } from './compile-filter';
import { FilterSyntaxError } from './parse-filter';
import { QueryOptionError, readQueryOptions, type QueryOptions, type QuerySpec } from './query-options';

export type PreparedQuery<T> = { options: QueryOptions; filter: CompiledFilter<T> };

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
  let options: QueryOptions;
  try {
    options = readQueryOptions(params, spec);
  } catch (error) {
    if (!(error instanceof QueryOptionError)) throw error;
    const message = graph && error.option === '$filter' ? `Invalid filter clause: ${error.message}` : error.message;
    sendApiError(caller.errors, 400, graph ? 'BadRequest' : 'ODataError', message);
    return undefined;
  }
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
