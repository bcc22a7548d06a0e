import type { Ticks } from '../data/ticks';
import {
  FilterSyntaxError,
  type ComparisonOperator,
  type FilterNode,
  type Literal,
  type Operand,
} from './parse-filter';

export type FieldType = 'datetime' | 'string' | 'long' | 'enum';
type Value = string | number | null;

export type FieldDef<T> = {
  /** Wire name, used in messages. */
  name: string;
  type: FieldType;
  get: (record: T) => Value;
  /** `enum` fields: members in declaration order (ordering comparisons follow it). */
  members?: readonly string[];
  /** Known but not allowed in `$filter` (e.g. Graph's `investigationState`). */
  filterable?: boolean;
};

/** The fields of one entity set; lookups are case-insensitive (see the Defender README). */
export type FilterSchema<T> = { entityType: string; fields: readonly FieldDef<T>[] };

/**
 * Properties an entity has that `$filter` refuses: listed so that naming one answers "cannot be
 * used in the $filter query option", as the services do, rather than "could not find a property".
 */
export function unfilterable<T>(names: readonly string[]): FieldDef<T>[] {
  return names.map((name) => ({ name, type: 'string', get: () => null, filterable: false }));
}

export type CompiledFilter<T> = {
  test: (record: T) => boolean;
  /** Bounds on `rangeField` implied by the top-level `and` chain, for index range scans. */
  range: TimeRange;
};

export type TimeRange = { min?: { value: Ticks; strict: boolean }; max?: { value: Ticks; strict: boolean } };

const EDM: Record<FieldType | Literal['kind'], string> = {
  datetime: 'Edm.DateTimeOffset',
  string: 'Edm.String',
  long: 'Edm.Int64',
  enum: 'Edm.Enum',
  number: 'Edm.Int32',
  boolean: 'Edm.Boolean',
  null: 'null',
};
const OPERATOR_NAMES: Record<ComparisonOperator, string> = {
  eq: 'Equal',
  ne: 'NotEqual',
  gt: 'GreaterThan',
  ge: 'GreaterThanOrEqual',
  lt: 'LessThan',
  le: 'LessThanOrEqual',
};
const FLIPPED: Record<ComparisonOperator, ComparisonOperator> = {
  eq: 'eq',
  ne: 'ne',
  gt: 'lt',
  ge: 'le',
  lt: 'gt',
  le: 'ge',
};

function findField<T>(schema: FilterSchema<T>, name: string): FieldDef<T> {
  const field = schema.fields.find((candidate) => candidate.name.toLowerCase() === name.toLowerCase());
  if (!field) throw new FilterSyntaxError(`Could not find a property named '${name}' on type '${schema.entityType}'.`);
  if (field.filterable === false)
    throw new FilterSyntaxError(`The property '${field.name}' cannot be used in the $filter query option.`);
  return field;
}

/** A literal as a value of the field's type, or a type error worded like ASP.NET OData's. */
function convertLiteral<T>(field: FieldDef<T>, literal: Literal, op: ComparisonOperator): Value {
  if (literal.kind === 'null') return null;
  const mismatch = () =>
    new FilterSyntaxError(
      `A binary operator with incompatible types was detected. Found operand types '${EDM[field.type]}' and '${EDM[literal.kind]}' for operator kind '${OPERATOR_NAMES[op]}'.`,
    );
  switch (field.type) {
    case 'datetime':
      if (literal.kind !== 'datetime') throw mismatch();
      return literal.value;
    case 'long':
      if (literal.kind !== 'number' || !Number.isInteger(literal.value)) throw mismatch();
      return literal.value;
    case 'string':
      if (literal.kind !== 'string') throw mismatch();
      return literal.value;
    case 'enum': {
      if (literal.kind !== 'string') throw mismatch();
      const member = field.members?.find((candidate) => candidate.toLowerCase() === literal.value.toLowerCase());
      if (member === undefined)
        throw new FilterSyntaxError(`The string '${literal.value}' is not a valid enumeration type constant.`);
      return member;
    }
  }
}

function compareValues(op: ComparisonOperator, a: Value, b: Value, order?: readonly string[]): boolean {
  if (a === null || b === null) {
    // OData: null equals only null, and every ordering comparison with null is false.
    if (op === 'eq') return a === b;
    if (op === 'ne') return a !== b;
    return false;
  }
  let x: number | string = a;
  let y: number | string = b;
  if (order) {
    x = order.indexOf(a as string);
    y = order.indexOf(b as string);
  }
  switch (op) {
    case 'eq':
      return x === y;
    case 'ne':
      return x !== y;
    case 'gt':
      return x > y;
    case 'ge':
      return x >= y;
    case 'lt':
      return x < y;
    case 'le':
      return x <= y;
  }
}

type Side<T> = { field?: FieldDef<T>; value?: Value };

function compileComparison<T>(
  schema: FilterSchema<T>,
  op: ComparisonOperator,
  leftOperand: Operand,
  rightOperand: Operand,
): (record: T) => boolean {
  const resolve = (operand: Operand, other: Operand): Side<T> => {
    if (operand.kind === 'property') return { field: findField(schema, operand.name) };
    if (other.kind === 'property') return { value: convertLiteral(findField(schema, other.name), operand.literal, op) };
    // literal op literal: constant, rarely useful but valid OData.
    const literal = operand.literal;
    return {
      value: literal.kind === 'null' ? null : literal.kind === 'boolean' ? String(literal.value) : literal.value,
    };
  };
  const left = resolve(leftOperand, rightOperand);
  const right = resolve(rightOperand, leftOperand);
  if (left.field && right.field && left.field.type !== right.field.type) {
    throw new FilterSyntaxError(
      `A binary operator with incompatible types was detected. Found operand types '${EDM[left.field.type]}' and '${EDM[right.field.type]}' for operator kind '${OPERATOR_NAMES[op]}'.`,
    );
  }
  const order = left.field?.members ?? right.field?.members;
  if (left.field && right.field)
    return (record) => compareValues(op, left.field!.get(record), right.field!.get(record), order);
  if (left.field) {
    const get = left.field.get;
    const value = right.value!;
    return (record) => compareValues(op, get(record), value, order);
  }
  if (right.field) {
    const get = right.field.get;
    const value = left.value!;
    return (record) => compareValues(op, value, get(record), order);
  }
  const constant = compareValues(op, left.value ?? null, right.value ?? null);
  return () => constant;
}

function compileNode<T>(schema: FilterSchema<T>, node: FilterNode): (record: T) => boolean {
  switch (node.kind) {
    case 'compare':
      return compileComparison(schema, node.op, node.left, node.right);
    case 'and': {
      const left = compileNode(schema, node.left);
      const right = compileNode(schema, node.right);
      return (record) => left(record) && right(record);
    }
    case 'or': {
      const left = compileNode(schema, node.left);
      const right = compileNode(schema, node.right);
      return (record) => left(record) || right(record);
    }
    case 'not': {
      const operand = compileNode(schema, node.operand);
      return (record) => !operand(record);
    }
  }
}

/** Tightens `range` with a top-level conjunct `field op datetime` (either side). */
function narrow(range: TimeRange, op: ComparisonOperator, value: Ticks): void {
  const raiseMin = (strict: boolean) => {
    if (!range.min || value > range.min.value || (value === range.min.value && strict)) range.min = { value, strict };
  };
  const lowerMax = (strict: boolean) => {
    if (!range.max || value < range.max.value || (value === range.max.value && strict)) range.max = { value, strict };
  };
  if (op === 'gt') raiseMin(true);
  else if (op === 'ge') raiseMin(false);
  else if (op === 'lt') lowerMax(true);
  else if (op === 'le') lowerMax(false);
  else if (op === 'eq') {
    raiseMin(false);
    lowerMax(false);
  }
}

function collectRange(node: FilterNode, fieldName: string, range: TimeRange): void {
  if (node.kind === 'and') {
    collectRange(node.left, fieldName, range);
    collectRange(node.right, fieldName, range);
    return;
  }
  if (node.kind !== 'compare') return;
  const isField = (operand: Operand) =>
    operand.kind === 'property' && operand.name.toLowerCase() === fieldName.toLowerCase();
  if (isField(node.left) && node.right.kind === 'literal' && node.right.literal.kind === 'datetime')
    narrow(range, node.op, node.right.literal.value);
  else if (isField(node.right) && node.left.kind === 'literal' && node.left.literal.kind === 'datetime')
    narrow(range, FLIPPED[node.op], node.left.literal.value);
}

/** Type-checks a parsed filter against the schema and turns it into a predicate plus index bounds. */
export function compileFilter<T>(
  schema: FilterSchema<T>,
  tree: FilterNode | undefined,
  rangeField: string,
): CompiledFilter<T> {
  if (!tree) return { test: () => true, range: {} };
  const test = compileNode(schema, tree);
  const range: TimeRange = {};
  collectRange(tree, rangeField, range);
  return { test, range };
}

/** `id eq 'x'` in the top-level `and` chain, for a direct lookup instead of a scan. */
export function equalityOn(tree: FilterNode | undefined, fieldName: string): string | number | undefined {
  if (!tree) return undefined;
  if (tree.kind === 'and') return equalityOn(tree.left, fieldName) ?? equalityOn(tree.right, fieldName);
  if (tree.kind !== 'compare' || tree.op !== 'eq') return undefined;
  const pick = (property: Operand, literal: Operand) =>
    property.kind === 'property' &&
    property.name.toLowerCase() === fieldName.toLowerCase() &&
    literal.kind === 'literal' &&
    (literal.literal.kind === 'string' || literal.literal.kind === 'number')
      ? literal.literal.value
      : undefined;
  return pick(tree.left, tree.right) ?? pick(tree.right, tree.left);
}
