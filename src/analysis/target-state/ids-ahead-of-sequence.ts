import type { CatalogObjects } from '../../catalog/catalog-snapshot.js';
import type { Finding } from '../../core/finding.js';
import { withReadOnlyTransaction } from '../../db/read-only.js';
import type { Statement } from '../../sql/statement.js';
import { readSequenceUses, type SequenceUse } from '../verify/read-sequence-uses.js';
import { insertedRows } from './inserted-rows.js';
import { walkNodes } from './statement-names.js';
import { shownName, targetStateFinding, type TargetRowsInput } from './target-state-input.js';

type InsertStatement = Extract<Statement, { kind: 'InsertStmt' }>;

/**
 * `INSERT INTO t (id, …) VALUES (100, …)` into a column a sequence fills (serial, identity, a
 * nextval DEFAULT) whose next value is at or below the largest id inserted: the application's
 * inserts get those ids from the sequence once it reaches them and fail with 23505. A migration
 * that moves the sequence (setval, ALTER SEQUENCE, a DO block that might) is not judged. For a
 * table the pending batch creates, the shadow's sequence is what the target's will be.
 */
export async function judgeIdsAheadOfSequence(input: TargetRowsInput, statement: InsertStatement): Promise<Finding[]> {
  if (movesSequences(input.statements)) return [];
  const inserted = insertedRows(statement, input.after, input.before);
  if (!inserted) return [];
  const onTarget = input.target.objects.tables.some((t) => t.schema === inserted.schema && t.name === inserted.table);
  if (onTarget && input.touched.relation(inserted.table)) return [];
  const catalog = onTarget ? input.target.objects : input.after;
  const filled = new Map<string, bigint>();
  for (const [i, column] of inserted.columns.entries()) {
    let max: bigint | undefined;
    for (const row of inserted.rows) {
      const value = row[i];
      if (typeof value === 'string' && /^-?\d+$/.test(value) && (max === undefined || BigInt(value) > max)) max = BigInt(value);
    }
    if (max !== undefined && uniqueColumn(catalog, inserted.schema, inserted.table, column)) filled.set(column, max);
  }
  if (filled.size === 0) return [];
  const sequences = catalog.sequences.filter(
    (s) => s.ownedBy?.schema === inserted.schema && s.ownedBy.table === inserted.table && filled.has(s.ownedBy.column),
  );
  if (sequences.length === 0) return [];
  const uses: SequenceUse[] = onTarget
    ? await readSequenceUses(input.targetTx, sequences)
    : await withReadOnlyTransaction(input.shadow, (tx) => readSequenceUses(tx, sequences));
  const findings: Finding[] = [];
  for (const use of uses) {
    const sequence = sequences.find((s) => s.schema === use.schema && s.name === use.name)!;
    const column = sequence.ownedBy!.column;
    const max = filled.get(column)!;
    if (use.next === null || BigInt(sequence.increment) <= 0n || BigInt(use.next) > max) continue;
    const shown = shownName(inserted.schema, inserted.table);
    const sequenceName = shownName(use.schema, use.name);
    findings.push(
      targetStateFinding(input, statement, {
        ruleId: 'target-ids-ahead-of-sequence',
        severity: 'error',
        message:
          `inserts ${shown}.${column} up to ${max}, but ${onTarget ? "the target's" : 'the new'} sequence ${sequenceName} that fills it hands out ${use.next} next: ` +
          `once it reaches the inserted ids, the application's inserts fail with a duplicate key (23505)`,
        help: `end the migration with SELECT setval('${sequenceName}', (SELECT max(${column}) FROM ${shown}));`,
        evidence: {
          table: shown,
          column,
          sequence: sequenceName,
          next: use.next,
          maxInserted: max.toString(),
          where: onTarget ? 'target' : 'new table',
        },
      }),
    );
  }
  return findings;
}

function uniqueColumn(catalog: CatalogObjects, schema: string, table: string, column: string): boolean {
  return catalog.indexes.some(
    (i) =>
      i.schema === schema && i.table === table && i.unique && i.predicate === null && i.columns.length === 1 && i.columns[0] === column,
  );
}

function movesSequences(statements: readonly Statement[]): boolean {
  return statements.some((s) => {
    if (s.kind === 'DoStmt' || s.kind === 'AlterSeqStmt' || s.kind === 'CallStmt') return true;
    let moves = false;
    walkNodes(s.ast, (kind, node) => {
      if (kind === 'FuncCall') {
        const names = (node.funcname ?? []) as { String?: { sval?: string } }[];
        if (names[names.length - 1]?.String?.sval === 'setval') moves = true;
      }
      if (kind === 'AlterTableCmd' && (node.subtype === 'AT_SetIdentity' || node.subtype === 'AT_AddIdentity')) moves = true;
    });
    return moves;
  });
}
