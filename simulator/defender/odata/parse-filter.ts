import { parseDateTimeLiteral, type Ticks } from '../data/ticks';

/**
 * `$filter` syntax tree for the subset Defender and Graph accept on these lists: comparisons
 * (`eq ne gt ge lt le`), `and`, `or`, `not`, parentheses, and literals (quoted strings with ''
 * escaping, numbers, null, true/false, unquoted DateTimeOffset). Functions such as `startswith`
 * are not supported by these endpoints' filterable fields and parse as errors.
 */
export type Literal =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number; text: string }
  | { kind: 'datetime'; value: Ticks; text: string }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'null' };

export type Operand = { kind: 'property'; name: string } | { kind: 'literal'; literal: Literal };
export type ComparisonOperator = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';

export type FilterNode =
  | { kind: 'compare'; op: ComparisonOperator; left: Operand; right: Operand }
  | { kind: 'and' | 'or'; left: FilterNode; right: FilterNode }
  | { kind: 'not'; operand: FilterNode };

/** A `$filter` the parser cannot accept; the message is shown to the client. */
export class FilterSyntaxError extends Error {}

type Token =
  | { kind: 'word'; text: string; position: number }
  | { kind: 'string'; value: string; position: number }
  | { kind: 'number'; text: string; position: number }
  | { kind: 'datetime'; text: string; position: number }
  | { kind: 'open' | 'close' | 'comma'; position: number };

const COMPARISONS = new Set<string>(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);
const DATETIME_START = /^\d{4}-\d{2}-\d{2}T/i;
const DATETIME_TOKEN = /^\d{4}-\d{2}-\d{2}T[0-9:.]+(Z|[+-]\d{2}:\d{2})?/i;
const NUMBER_TOKEN = /^-?\d+(\.\d+)?([eE][+-]?\d+)?[LlMmDdFf]?/;
const WORD_TOKEN = /^[A-Za-z_][A-Za-z0-9_./]*/;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      i++;
      continue;
    }
    if (ch === '(' || ch === ')' || ch === ',') {
      tokens.push({ kind: ch === '(' ? 'open' : ch === ')' ? 'close' : 'comma', position: i });
      i++;
      continue;
    }
    if (ch === "'") {
      let value = '';
      let j = i + 1;
      for (;;) {
        if (j >= text.length)
          throw new FilterSyntaxError(`There is an unterminated string literal at position ${i} in '${text}'.`);
        if (text[j] === "'") {
          if (text[j + 1] === "'") {
            value += "'";
            j += 2;
            continue;
          }
          break;
        }
        value += text[j];
        j++;
      }
      tokens.push({ kind: 'string', value, position: i });
      i = j + 1;
      continue;
    }
    const rest = text.slice(i);
    if (DATETIME_START.test(rest)) {
      const match = DATETIME_TOKEN.exec(rest)!;
      tokens.push({ kind: 'datetime', text: match[0], position: i });
      i += match[0].length;
      continue;
    }
    const number = NUMBER_TOKEN.exec(rest);
    if (number) {
      tokens.push({ kind: 'number', text: number[0], position: i });
      i += number[0].length;
      continue;
    }
    const word = WORD_TOKEN.exec(rest);
    if (word) {
      tokens.push({ kind: 'word', text: word[0], position: i });
      i += word[0].length;
      continue;
    }
    throw new FilterSyntaxError(`Syntax error: character '${ch}' is not valid at position ${i} in '${text}'.`);
  }
  return tokens;
}

/** Recursive descent over `or` < `and` < `not` < comparison, the OData precedence. */
export function parseFilter(text: string): FilterNode {
  if (text.trim() === '') throw new FilterSyntaxError('The $filter expression must not be empty.');
  const tokens = tokenize(text);
  let index = 0;
  const peek = () => tokens[index];
  const isWord = (token: Token | undefined, word: string): boolean => token?.kind === 'word' && token.text === word;
  const describe = (token: Token | undefined) =>
    token === undefined ? 'the end of the expression' : `position ${token.position}`;

  const parseOr = (): FilterNode => {
    let node = parseAnd();
    while (isWord(peek(), 'or')) {
      index++;
      node = { kind: 'or', left: node, right: parseAnd() };
    }
    return node;
  };
  const parseAnd = (): FilterNode => {
    let node = parseUnary();
    while (isWord(peek(), 'and')) {
      index++;
      node = { kind: 'and', left: node, right: parseUnary() };
    }
    return node;
  };
  const parseUnary = (): FilterNode => {
    if (isWord(peek(), 'not')) {
      index++;
      return { kind: 'not', operand: parseUnary() };
    }
    const token = peek();
    if (token?.kind === 'open') {
      // A parenthesis opens a sub-expression; `(x) eq 1` style operands are not needed here.
      index++;
      const inner = parseOr();
      if (peek()?.kind !== 'close')
        throw new FilterSyntaxError(`')' or operator expected at ${describe(peek())} in '${text}'.`);
      index++;
      return inner;
    }
    return parseComparison();
  };
  const parseComparison = (): FilterNode => {
    const left = parseOperand();
    const opToken = peek();
    if (opToken?.kind !== 'word' || !COMPARISONS.has(opToken.text)) {
      if (opToken?.kind === 'word' && COMPARISONS.has(opToken.text.toLowerCase())) {
        throw new FilterSyntaxError(
          `Syntax error at position ${opToken.position} in '${text}': operators are lower case ('${opToken.text.toLowerCase()}').`,
        );
      }
      throw new FilterSyntaxError(
        `Syntax error at ${describe(opToken)} in '${text}': a comparison operator (eq, ne, gt, ge, lt, le) was expected.`,
      );
    }
    index++;
    const right = parseOperand();
    return { kind: 'compare', op: opToken.text as ComparisonOperator, left, right };
  };
  const parseOperand = (): Operand => {
    const token = peek();
    if (token === undefined) throw new FilterSyntaxError(`Expression expected at the end of '${text}'.`);
    index++;
    switch (token.kind) {
      case 'string':
        return { kind: 'literal', literal: { kind: 'string', value: token.value } };
      case 'number': {
        const value = Number(token.text.replace(/[LlMmDdFf]$/, ''));
        if (!Number.isFinite(value)) throw new FilterSyntaxError(`The number '${token.text}' is not valid.`);
        return { kind: 'literal', literal: { kind: 'number', value, text: token.text } };
      }
      case 'datetime': {
        const value = parseDateTimeLiteral(token.text);
        if (value === undefined)
          throw new FilterSyntaxError(
            `Unrecognized 'Edm.DateTimeOffset' literal '${token.text}' at '${token.position}' in '${text}'.`,
          );
        return { kind: 'literal', literal: { kind: 'datetime', value, text: token.text } };
      }
      case 'word': {
        if (token.text === 'null') return { kind: 'literal', literal: { kind: 'null' } };
        if (token.text === 'true' || token.text === 'false')
          return { kind: 'literal', literal: { kind: 'boolean', value: token.text === 'true' } };
        if (peek()?.kind === 'open') {
          throw new FilterSyntaxError(
            `An unknown function with name '${token.text}' was found. This may also be a function import or a key lookup on a navigation property, which is not allowed.`,
          );
        }
        return { kind: 'property', name: token.text };
      }
      default:
        throw new FilterSyntaxError(`Syntax error at position ${token.position} in '${text}'.`);
    }
  };

  const tree = parseOr();
  if (index < tokens.length)
    throw new FilterSyntaxError(`Syntax error at position ${tokens[index]!.position} in '${text}'.`);
  return tree;
}
