import type { CatalogObjects } from '../../catalog/catalog-snapshot.js';
import type { DatabaseClient } from '../../db/database-client.js';
import { SqlExecutionError } from '../../db/sql-execution-error.js';
import { checkExpression } from '../../sql/check-expression.js';
import { quoteIdentifier } from '../../sql/quote-identifier.js';
import type { ColumnRule } from './column-rules.js';

export interface Verdict {
  readonly rejected: boolean;
  /** What PostgreSQL raises for the write: 23514, 22P02, 23502. */
  readonly sqlState?: string;
}

/**
 * Whether a value written into a column passes the rule, decided by PostgreSQL on the shadow (which
 * holds the schema after the migration), not by a home-made evaluator: the CHECK expression runs on
 * a one-row relation shaped like the table, the value cast to the enum type, NULL tested for NOT NULL.
 * A value that does not even cast to the column's type is not the rule's doing and is not reported.
 */
export async function evaluateWrite(
  shadow: DatabaseClient,
  after: CatalogObjects,
  target: { readonly schema: string; readonly table: string; readonly column: string },
  rule: ColumnRule,
  value: string | null,
): Promise<Verdict> {
  if (rule.kind === 'not-null') return value === null ? { rejected: true, sqlState: '23502' } : { rejected: false };
  if (value === null) return { rejected: false };
  const columns = after.columns.filter((c) => c.schema === target.schema && c.table === target.table);
  try {
    if (rule.kind === 'enum') {
      await shadow.query(`SELECT CAST($1::text AS ${rule.type})`, [value]);
      return { rejected: false };
    }
    const row = columns
      .map((c) => `CAST(${c.name === target.column ? '$1::text' : 'NULL'} AS ${c.type}) AS ${quoteIdentifier(c.name)}`)
      .join(', ');
    const expression = checkExpression(rule.constraint.definition);
    const { rows } = await shadow.query<{ rejected: boolean }>(`SELECT ${expression} IS FALSE AS rejected FROM (SELECT ${row}) AS t`, [
      value,
    ]);
    return rows[0]?.rejected ? { rejected: true, sqlState: '23514' } : { rejected: false };
  } catch (error) {
    if (error instanceof SqlExecutionError) {
      return rule.kind === 'enum' && error.sqlState === '22P02' ? { rejected: true, sqlState: '22P02' } : { rejected: false };
    }
    throw error;
  }
}
