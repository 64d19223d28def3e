import type { CatalogColumn, CatalogObjects } from '../../catalog/catalog-snapshot.js';
import type { Finding } from '../../core/finding.js';
import type { Statement } from '../../sql/statement.js';
import { mentionedColumns, mentionedRelations } from './statement-names.js';
import { resolveSchema, shownName, targetStateFinding, type TargetStateInput } from './target-state-input.js';

type CreateStatement = Extract<Statement, { kind: 'CreateStmt' }>;
type AlterStatement = Extract<Statement, { kind: 'AlterTableStmt' }>;

/**
 * `CREATE TABLE IF NOT EXISTS t` where the target's `t` has another shape: skipped, so the table
 * stays as the target has it. An error when a later statement of the migration names a column the
 * target's `t` lacks (it fails there), a warning otherwise.
 */
export function judgeTableIfNotExists(input: TargetStateInput, statement: CreateStatement): Finding[] {
  const relation = statement.ast.relation;
  if (!statement.ast.if_not_exists || !relation?.relname || input.touched.table(relation.relname)) return [];
  const schema = resolveSchema(relation.schemaname, relation.relname, [input.after.tables, input.before.tables]);
  const table = relation.relname;
  const existing = input.target.objects.tables.find((t) => t.schema === schema && t.name === table);
  const wanted = input.after.tables.find((t) => t.schema === schema && t.name === table);
  if (!existing || !wanted) return [];
  const targetColumns = columnsOf(input.target.objects, schema, table);
  const wantedColumns = columnsOf(input.after, schema, table);
  const missing = wantedColumns.filter((c) => !targetColumns.some((t) => t.name === c.name)).map((c) => c.name);
  const extra = targetColumns.filter((c) => !wantedColumns.some((w) => w.name === c.name));
  const changed = wantedColumns.flatMap((w) => {
    const t = targetColumns.find((c) => c.name === w.name);
    const d = t ? columnDifferences(t, w) : [];
    return d.length ? [`${w.name}: ${d.join(', ')}`] : [];
  });
  const differences = [
    ...(existing.kind !== 'table' && existing.kind !== 'partitioned' ? [`it is a ${existing.kind}, not a table`] : []),
    ...(missing.length ? [`no column ${missing.join(', ')}`] : []),
    ...(extra.length
      ? [
          `columns the migration does not define: ${extra.map((c) => `${c.name}${c.notNull && c.default === null && !c.identity && !c.generated ? ' (NOT NULL, no default)' : ''}`).join(', ')}`,
        ]
      : []),
    ...changed,
    ...(JSON.stringify(existing.primaryKey) !== JSON.stringify(wanted.primaryKey)
      ? [
          `primary key ${existing.primaryKey ? `(${existing.primaryKey.join(', ')})` : 'none'} instead of ${wanted.primaryKey ? `(${wanted.primaryKey.join(', ')})` : 'none'}`,
        ]
      : []),
  ];
  if (differences.length === 0) return [];
  const shown = shownName(schema, table);
  const failing = input.statements
    .filter((s) => s.index > statement.index && mentionedRelations(s.ast).has(table))
    .map((s) => ({ statement: s, uses: [...mentionedColumns(s.ast)].filter((c) => missing.includes(c)) }))
    .find((u) => u.uses.length > 0);
  return [
    targetStateFinding(input, statement, {
      ruleId: 'target-table-differs',
      severity: failing ? 'error' : 'warning',
      message:
        `the target already has ${shown} with another shape (${differences.join('; ')}): this IF NOT EXISTS skips it and the table stays as it is` +
        (failing
          ? `; line ${failing.statement.line} uses ${failing.uses.join(', ')}, which the target's ${shown} lacks, and fails there (42703)`
          : ''),
      help: `bring ${shown} to the migration's shape with ALTER TABLE (ADD COLUMN IF NOT EXISTS …, ALTER COLUMN … TYPE), or find out why the target differs (pgpreflight drift)`,
      evidence: {
        table: shown,
        differences,
        target: targetColumns.map(columnText),
        migration: wantedColumns.map(columnText),
        ...(failing ? { failingLine: failing.statement.line } : {}),
      },
    }),
  ];
}

/** `ALTER TABLE t ADD COLUMN IF NOT EXISTS c …` where the target's `c` is another column: skipped, `c` stays as it is. */
export function judgeColumnIfNotExists(input: TargetStateInput, statement: AlterStatement): Finding[] {
  const relation = statement.ast.relation;
  if (!relation?.relname) return [];
  const table = relation.relname;
  const schema = resolveSchema(relation.schemaname, table, [input.after.tables, input.before.tables]);
  const findings: Finding[] = [];
  for (const item of statement.ast.cmds ?? []) {
    const cmd = 'AlterTableCmd' in item ? item.AlterTableCmd : undefined;
    if (cmd?.subtype !== 'AT_AddColumn' || !cmd.missing_ok || !cmd.def || !('ColumnDef' in cmd.def)) continue;
    const name = cmd.def.ColumnDef.colname;
    if (!name || input.touched.column(table, name)) continue;
    const existing = input.target.objects.columns.find((c) => c.schema === schema && c.table === table && c.name === name);
    const wanted = input.after.columns.find((c) => c.schema === schema && c.table === table && c.name === name);
    if (!existing || !wanted) continue;
    const differences = columnDifferences(existing, wanted);
    if (differences.length === 0) continue;
    const shown = `${shownName(schema, table)}.${name}`;
    findings.push(
      targetStateFinding(input, statement, {
        ruleId: 'target-column-differs',
        severity: 'warning',
        message: `the target already has a column ${shown} with ${differences.join(', ')}: this ADD COLUMN IF NOT EXISTS skips it and the column stays as it is`,
        help: `change it explicitly (ALTER COLUMN ${name} TYPE / SET DEFAULT / SET NOT NULL), or find out why the target differs (pgpreflight drift)`,
        evidence: { column: shown, differences, target: columnText(existing), migration: columnText(wanted) },
      }),
    );
  }
  return findings;
}

function columnsOf(objects: CatalogObjects, schema: string, table: string): CatalogColumn[] {
  return objects.columns.filter((c) => c.schema === schema && c.table === table).sort((a, b) => a.position - b.position);
}

function columnDifferences(target: CatalogColumn, wanted: CatalogColumn): string[] {
  const out: string[] = [];
  if (target.type !== wanted.type) out.push(`type ${target.type} instead of ${wanted.type}`);
  if (target.notNull !== wanted.notNull)
    out.push(target.notNull ? 'NOT NULL where the migration allows NULL' : 'NULL allowed where the migration has NOT NULL');
  if (target.default !== wanted.default) out.push(`default ${target.default ?? 'none'} instead of ${wanted.default ?? 'none'}`);
  if (target.identity !== wanted.identity) out.push(`identity ${target.identity ?? 'none'} instead of ${wanted.identity ?? 'none'}`);
  if (JSON.stringify(target.generated) !== JSON.stringify(wanted.generated)) out.push('another generated expression');
  if (target.collation !== wanted.collation)
    out.push(`collation ${target.collation ?? 'default'} instead of ${wanted.collation ?? 'default'}`);
  return out;
}

function columnText(column: CatalogColumn): string {
  return [column.name, column.type, ...(column.notNull ? ['NOT NULL'] : []), ...(column.default ? [`DEFAULT ${column.default}`] : [])].join(
    ' ',
  );
}
