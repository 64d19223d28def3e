import type { CatalogObjects, QualifiedName } from '../../../catalog/catalog-snapshot.js';
import { quoteIdentifier as q, quoteQualifiedName } from '../../../sql/quote-identifier.js';
import type { Statement } from '../../../sql/statement.js';
import { modelStep, type RowVerb, type StepContext, type StepOutcome, type StepVerb } from './model-step.js';
import { sameTable } from './rebind-table.js';
import { StatementHazards } from './statement-hazards.js';

/** A statement of a pending migration, in the order the run applies them. */
export interface RunStatement {
  readonly migration: string;
  readonly statement: Statement;
}

export interface ModelledStep {
  readonly migration: string;
  readonly line: number;
  readonly verb: StepVerb;
  readonly table: QualifiedName;
}

/** One table's rows after the statements before a probe. */
export type TableModel =
  | { readonly kind: 'as-is' }
  | {
      readonly kind: 'modelled';
      /** CTEs, in order; the last one is `relation`. */
      readonly ctes: readonly string[];
      readonly relation: string;
      readonly steps: readonly ModelledStep[];
      readonly opaque: readonly string[];
      /** The table's columns in the modelled rows (ADD, DROP and RENAME COLUMN followed). */
      readonly columns: readonly string[];
      /** Every step only changes the columns: the rows' values of the target's columns are as they are. */
      readonly columnsOnly: boolean;
    }
  | { readonly kind: 'undecided'; readonly migration: string; readonly line: number; readonly reason: string };

/**
 * The rows of one table as the statements leave them, as a chain of CTEs over the target's table:
 * each UPDATE, DELETE, INSERT or TRUNCATE of it one SELECT over the rows before. The first CTE
 * carries each row's ctid, so a dedupe by ctid compares the addresses the rows really have.
 */
export function tableModel(
  table: QualifiedName,
  statements: readonly RunStatement[],
  objects: CatalogObjects,
  userFunction: (name: QualifiedName) => boolean,
  prefix: string,
  createdTypes: ReadonlySet<string> = new Set(),
): TableModel {
  let columns = objects.columns.filter((c) => c.schema === table.schema && c.table === table.name).sort((a, b) => a.position - b.position);
  const partitioned = objects.tables.some((t) => sameTable(t, table) && t.kind === 'partitioned');
  const hazards = new StatementHazards(objects, table, userFunction);
  const base = `${prefix}_0`;
  const ctes = [
    `${base} AS (SELECT ${[...columns.map((c) => q(c.name)), 'ctid AS pgpreflight_ctid'].join(', ')} FROM ${quoteQualifiedName(table.schema, table.name)})`,
  ];
  const steps: ModelledStep[] = [];
  const opaque = new Set<string>();
  let moved = false;
  for (const { migration, statement } of statements) {
    const undecided = (reason: string): TableModel => ({ kind: 'undecided', migration, line: statement.line, reason });
    const prev = `${prefix}_${ctes.length - 1}`;
    const step = safeStep(statement, { objects, table, columns, prev, userFunction, createdTypes });
    const verb = step.kind === 'rows' && step.verb !== 'ALTER TABLE' ? step.verb : undefined;
    const assigned =
      statement.kind === 'UpdateStmt'
        ? (statement.ast.targetList ?? []).map((t) => (t as { ResTarget: { name: string } }).ResTarget.name)
        : [];
    const hazard = hazards.hazard(statement, verb ?? (step.kind === 'unmodellable' ? kindVerb(statement) : undefined), assigned);
    if (hazard) return undecided(hazard);
    if (step.kind === 'untouched') continue;
    if (step.kind === 'unmodellable') return undecided(step.reason);
    if (step.usesCtid && (moved || partitioned))
      return undecided(
        partitioned
          ? 'it compares ctid, which repeats across partitions'
          : 'it compares ctid after an earlier UPDATE or INSERT gave rows new addresses',
      );
    if (hazards.columnsChangedAt !== undefined)
      return undecided(`ALTER TABLE at line ${hazards.columnsChangedAt} changes the columns of ${table.name} before it`);
    moved ||= step.newCtids;
    if (step.columns) {
      const names = new Set(step.columns.map((c) => c.name));
      // A dropped or renamed column's unknown value goes with it.
      for (const c of opaque) if (!names.has(c)) opaque.delete(c);
      columns = [...step.columns];
    }
    step.opaque.forEach((c) => opaque.add(c));
    ctes.push(`${prefix}_${ctes.length} AS (${step.select})`);
    steps.push({ migration, line: statement.line, verb: step.verb, table });
  }
  if (!steps.length) return { kind: 'as-is' };
  // Only the columns the model is built on exist in it: an ALTER after the last step still matters.
  if (hazards.columnsChangedAt !== undefined)
    return {
      kind: 'undecided',
      migration: steps[steps.length - 1]!.migration,
      line: hazards.columnsChangedAt,
      reason: `ALTER TABLE changes the columns of ${table.name} between the statements that change its rows and this one`,
    };
  return {
    kind: 'modelled',
    ctes,
    relation: `${prefix}_${ctes.length - 1}`,
    steps,
    opaque: [...opaque],
    columns: columns.map((c) => c.name),
    columnsOnly: steps.every((s) => s.verb === 'ALTER TABLE'),
  };
}

const kindVerb = (statement: Statement): RowVerb | undefined =>
  statement.kind === 'UpdateStmt'
    ? 'UPDATE'
    : statement.kind === 'DeleteStmt'
      ? 'DELETE'
      : statement.kind === 'InsertStmt'
        ? 'INSERT'
        : statement.kind === 'TruncateStmt'
          ? 'TRUNCATE'
          : undefined;

/** A statement the rewrite cannot handle (an AST form the deparser does not print) is not modelled; it never breaks the check. */
function safeStep(statement: Statement, context: StepContext): StepOutcome {
  try {
    return modelStep(statement.node, context);
  } catch (error) {
    return { kind: 'unmodellable', reason: `pgpreflight could not rewrite it (${(error as Error).message})` };
  }
}
