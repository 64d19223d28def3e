/**
 * `CHECK ((expr)) NO INHERIT NOT VALID`, as pg_get_constraintdef prints it → `((expr))`: the boolean
 * a row must not make FALSE, keeping its parentheses so it can stand anywhere in a query.
 */
export function checkExpression(definition: string): string {
  return definition
    .trim()
    .replace(/^CHECK\s*/i, '')
    .replace(/\s+NOT VALID\s*$/i, '')
    .replace(/\s+NO INHERIT\s*$/i, '');
}
