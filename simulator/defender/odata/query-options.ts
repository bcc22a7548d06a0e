import { FilterSyntaxError, parseFilter, type FilterNode } from './parse-filter';

/** What one endpoint accepts; anything else is a 400, as the real services answer. */
export type QuerySpec = {
  entityType: string;
  options: readonly ('$filter' | '$top' | '$skip' | '$expand' | '$count' | '$orderby' | '$select')[];
  /** Page size when `$top` is absent. */
  defaultTop: number;
  maxTop: number;
  /** `error`: `$top` above the maximum is a 400 (ASP.NET OData's MaxTop); `clamp`: silently lowered (Graph security). */
  overMaxTop: 'error' | 'clamp';
  maxSkip?: number;
  expandable?: readonly string[];
  orderable?: readonly string[];
  selectable?: readonly string[];
};

export type QueryOptions = {
  filter: FilterNode | undefined;
  top: number;
  skip: number;
  expand: Set<string>;
  count: boolean;
  orderBy: { field: string; descending: boolean } | undefined;
  select: string[] | undefined;
};

export class QueryOptionError extends Error {
  constructor(
    message: string,
    /** The option at fault (`$filter`, `$top`, …), when one is. */
    readonly option?: string,
  ) {
    super(message);
  }
}

function nonNegativeInteger(name: string, raw: string): number {
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(Number(raw.trim()))) {
    throw new QueryOptionError(
      `Invalid value '${raw}' for ${name} query option found. The ${name} query option requires a non-negative integer value.`,
    );
  }
  return Number(raw.trim());
}

function propertyList(spec: QuerySpec, raw: string, allowed: readonly string[] | undefined): string[] {
  return raw.split(',').map((part) => {
    const name = part.trim();
    const known = allowed?.find((candidate) => candidate.toLowerCase() === name.toLowerCase());
    if (!known) throw new QueryOptionError(`Could not find a property named '${name}' on type '${spec.entityType}'.`);
    return known;
  });
}

/**
 * Reads the `$` query options of a list request. Option names match case-insensitively and may
 * appear once; parameters without `$` are ignored, as OData services ignore custom parameters.
 */
export function readQueryOptions(params: URLSearchParams, spec: QuerySpec): QueryOptions {
  const seen = new Map<string, string>();
  for (const [rawName, value] of params) {
    if (!rawName.startsWith('$')) continue;
    const name = rawName.toLowerCase();
    if (!(spec.options as readonly string[]).includes(name))
      throw new QueryOptionError(`The query parameter '${rawName}' is not supported.`);
    if (seen.has(name))
      throw new QueryOptionError(
        `Query option '${name}' was specified more than once, but it must be specified at most once.`,
      );
    seen.set(name, value);
  }

  const options: QueryOptions = {
    filter: undefined,
    top: spec.defaultTop,
    skip: 0,
    expand: new Set(),
    count: false,
    orderBy: undefined,
    select: undefined,
  };
  const filter = seen.get('$filter');
  if (filter !== undefined) {
    try {
      options.filter = parseFilter(filter);
    } catch (error) {
      if (error instanceof FilterSyntaxError) throw new QueryOptionError(error.message, '$filter');
      throw error;
    }
  }
  const top = seen.get('$top');
  if (top !== undefined) {
    const value = nonNegativeInteger('$top', top);
    if (value > spec.maxTop && spec.overMaxTop === 'error') {
      throw new QueryOptionError(
        `The limit of '${spec.maxTop}' for Top query has been exceeded. The value from the incoming request is '${value}'.`,
      );
    }
    options.top = Math.min(value, spec.maxTop);
  }
  const skip = seen.get('$skip');
  if (skip !== undefined) {
    options.skip = nonNegativeInteger('$skip', skip);
    if (spec.maxSkip !== undefined && options.skip > spec.maxSkip) {
      throw new QueryOptionError(
        `The limit of '${spec.maxSkip}' for Skip query has been exceeded. The value from the incoming request is '${options.skip}'.`,
      );
    }
  }
  const expand = seen.get('$expand');
  if (expand !== undefined) options.expand = new Set(propertyList(spec, expand, spec.expandable));
  const count = seen.get('$count');
  if (count !== undefined) {
    if (count !== 'true' && count !== 'false') throw new QueryOptionError(`'${count}' is not a valid count option.`);
    options.count = count === 'true';
  }
  const orderBy = seen.get('$orderby');
  if (orderBy !== undefined) {
    const match = /^\s*([A-Za-z]+)(?:\s+(asc|desc))?\s*$/.exec(orderBy);
    if (!match)
      throw new QueryOptionError(
        `The $orderby expression '${orderBy}' is not supported; use one property with asc or desc.`,
      );
    const [field] = propertyList(spec, match[1]!, spec.orderable);
    options.orderBy = { field: field!, descending: match[2] === 'desc' };
  }
  const select = seen.get('$select');
  if (select !== undefined) options.select = propertyList(spec, select, spec.selectable);
  return options;
}
