import type { CatalogObjects } from '../../catalog/catalog-snapshot.js';
import type { ColumnRename } from '../../catalog/diff/diff-columns.js';
import { diffCatalogs } from '../../catalog/diff-catalogs.js';
import type { Statement } from '../../sql/statement.js';
import { attributeEffects, type AttributedEffect } from './attribute-effects.js';

/**
 * The renames a migration writes (`ALTER TABLE t RENAME COLUMN a TO b`), under the table's name
 * after it: the diff takes them as stated, so a DROP COLUMN beside one does not turn it into a drop
 * and an add (which would read as a new NOT NULL column "rejecting existing rows").
 */
export function columnRenamesIn(statements: readonly Statement[]): ColumnRename[] {
  const renames: ColumnRename[] = [];
  const tableRenames = new Map<string, string>();
  for (const statement of statements) {
    if (statement.kind !== 'RenameStmt') continue;
    const ast = statement.ast as {
      renameType?: string;
      relation?: { relname?: string; schemaname?: string };
      subname?: string;
      newname?: string;
    };
    const table = ast.relation?.relname;
    if (!table || !ast.newname) continue;
    if (ast.renameType === 'OBJECT_TABLE') tableRenames.set(table, ast.newname);
    if (ast.renameType === 'OBJECT_COLUMN' && ast.subname) {
      renames.push({ ...(ast.relation?.schemaname ? { schema: ast.relation.schemaname } : {}), table, from: ast.subname, to: ast.newname });
    }
  }
  // A table renamed after its column: the diff sees the table's final name.
  return renames.map((r) => ({ ...r, table: finalName(r.table, tableRenames) }));
}

function finalName(table: string, renames: ReadonlyMap<string, string>): string {
  let name = table;
  for (let hops = 0; renames.has(name) && hops < 10; hops++) name = renames.get(name)!;
  return name;
}

/** What one migration changed, each change put on its statement: the catalog diff with the migration's own renames. */
export function diffMigration(before: CatalogObjects, after: CatalogObjects, statements: readonly Statement[]): AttributedEffect[] {
  return attributeEffects(diffCatalogs(before, after, { columnRenames: columnRenamesIn(statements) }), statements);
}
