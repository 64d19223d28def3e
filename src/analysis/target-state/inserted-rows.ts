import type { CatalogObjects } from '../../catalog/catalog-snapshot.js';
import type { Statement } from '../../sql/statement.js';
import { constantText } from './statement-names.js';
import { resolveSchema } from './target-state-input.js';

type InsertStatement = Extract<Statement, { kind: 'InsertStmt' }>;

/** The rows of an `INSERT … VALUES`: each value the constant's text, null for NULL, undefined when computed. */
export interface InsertedRows {
  readonly schema: string;
  readonly table: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly (string | null | undefined)[])[];
}

/** Undefined for `INSERT … SELECT` or DEFAULT VALUES; without a column list, the columns of the migration's table in order. */
export function insertedRows(statement: InsertStatement, after: CatalogObjects, before: CatalogObjects): InsertedRows | undefined {
  const relation = statement.ast.relation;
  const select = statement.ast.selectStmt && 'SelectStmt' in statement.ast.selectStmt ? statement.ast.selectStmt.SelectStmt : undefined;
  if (!relation?.relname || !select?.valuesLists?.length) return undefined;
  const table = relation.relname;
  const schema = resolveSchema(relation.schemaname, table, [after.tables, before.tables]);
  const listed = (statement.ast.cols ?? []).map((c) => ('ResTarget' in c ? c.ResTarget.name : undefined));
  const columns = listed.length
    ? listed
    : after.columns
        .filter((c) => c.schema === schema && c.table === table)
        .sort((a, b) => a.position - b.position)
        .map((c) => c.name);
  if (columns.some((c) => c === undefined)) return undefined;
  const rows = select.valuesLists.map((list) => {
    const items = 'List' in list ? (list.List.items ?? []) : [];
    return columns.map((_, i) => constantText(items[i]));
  });
  return { schema, table, columns: columns as string[], rows };
}
