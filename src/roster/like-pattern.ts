/** A LIKE pattern matching the text anywhere, its wildcards escaped with ! (ESCAPE '!' reads the same on both databases). */
export function likePattern(q: string): string {
  return `%${q.replace(/[!%_]/g, (c) => `!${c}`)}%`;
}
