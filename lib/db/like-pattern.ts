/** An ILIKE pattern for "contains": `%`, `_` and `\` typed in a search box match themselves. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
