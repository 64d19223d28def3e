import { countValues, type ValueCounts } from '../../analysis/values/count-values.js';
import type { CatalogObjects, CatalogTable } from '../../catalog/catalog-snapshot.js';
import { enumTypeName } from '../../catalog/enum-type-name.js';
import { takeCatalogSnapshot } from '../../catalog/take-catalog-snapshot.js';
import { countFindings, type Finding } from '../../core/finding.js';
import { PgPreflightError } from '../../core/pgpreflight-error.js';
import { Stopwatch } from '../../core/timings.js';
import { connectTarget } from '../../db/connect-target.js';
import { withReadOnlyTransaction } from '../../db/read-only.js';
import { parseTargetUrl } from '../../db/target-url.js';
import type { AllowedValuesUsage, InspectedConstraint, InspectedEnumColumn, InspectResult } from '../../report/inspect-result.js';
import { checkAllowedValues } from '../../sql/check-allowed-values.js';
import { findTable } from '../../catalog/find-table.js';

export interface InspectOptions {
  readonly url: string;
  readonly environment?: string;
  /** `constraint`: the table's constraints (or the one named); `table`: everything about the table. */
  readonly what: 'constraint' | 'table';
  readonly table: string;
  readonly constraint?: string;
  /** statement_timeout of the value counts (default 30 s). */
  readonly timeoutMs?: number;
}

/**
 * "Query the constraint before you modify it": a table's constraints as the target defines them
 * today, each CHECK's list of allowed values parsed out with PostgreSQL's grammar, enum columns'
 * labels, and how many rows hold each value — all read in one read-only transaction.
 */
export async function inspect(options: InspectOptions): Promise<InspectResult> {
  const stopwatch = new Stopwatch();
  const spec = parseTargetUrl(options.url);
  const { client, info } = await stopwatch.time('connect', () => connectTarget(spec, options.environment));
  try {
    return await withReadOnlyTransaction(
      client,
      async (tx) => {
        const snapshot = await stopwatch.time('catalog', () => takeCatalogSnapshot(tx));
        const objects = snapshot.objects;
        const table = findTable(objects, options.table);
        const constraints = pickConstraints(objects, table, options.constraint);
        const lists = await Promise.all(
          constraints.map((c) => (c.type === 'check' ? checkAllowedValues(c.definition) : Promise.resolve([]))),
        );
        const columns = objects.columns.filter((c) => c.schema === table.schema && c.table === table.name);
        const enums = columns.flatMap((column) => {
          const type = objects.enums.find((e) => enumTypeName(e) === column.type);
          return type ? [{ column: column.name, type: column.type, labels: type.labels }] : [];
        });
        const counted = [...new Set([...lists.flat().map((l) => l.column), ...enums.map((e) => e.column)])].filter((name) =>
          columns.some((c) => c.name === name),
        );
        const counts = await stopwatch.time('values', () => countValues(tx, table, counted));
        const usage = (column: string, values: readonly string[]): AllowedValuesUsage => usageOf(column, values, counts.get(column));
        const inspected: InspectedConstraint[] = constraints.map((constraint, i) => ({
          ...constraint,
          allowedValues: lists[i]!.length ? lists[i]!.map((list) => usage(list.column, list.values)) : null,
        }));
        const enumColumns: InspectedEnumColumn[] = enums.map((e) => ({
          column: e.column,
          type: e.type,
          labels: usage(e.column, e.labels),
        }));
        const findings = inspectFindings(table, inspected);
        const full = options.what === 'table';
        return {
          command: 'inspect',
          what: options.what,
          target: info,
          table: {
            schema: table.schema,
            name: table.name,
            kind: table.kind,
            rowEstimate: snapshot.statistics.tables.find((t) => t.schema === table.schema && t.name === table.name)?.rowEstimate ?? null,
            primaryKey: table.primaryKey,
          },
          columns: full ? columns : [],
          constraints: inspected,
          enumColumns,
          indexes: full ? objects.indexes.filter((i) => i.schema === table.schema && i.table === table.name) : [],
          triggers: full ? objects.triggers.filter((t) => t.schema === table.schema && t.table === table.name) : [],
          findings,
          summary: { ...countFindings(findings), constraints: inspected.length },
          timings: stopwatch.result(),
        };
      },
      options.timeoutMs !== undefined ? { statementTimeoutMs: options.timeoutMs } : {},
    );
  } finally {
    await client.close();
  }
}

function pickConstraints(objects: CatalogObjects, table: CatalogTable, name: string | undefined) {
  const all = objects.constraints.filter((c) => c.schema === table.schema && c.table === table.name);
  if (name === undefined) return all;
  const found = all.filter((c) => c.name === name || c.name === name.replace(/^"(.*)"$/, '$1'));
  if (found.length) return found;
  throw new PgPreflightError('USAGE', `no constraint ${name} on ${table.schema}.${table.name}`, {
    hint: all.length ? `its constraints: ${all.map((c) => c.name).join(', ')}` : 'the table has no constraints',
  });
}

function usageOf(column: string, values: readonly string[], counts: ValueCounts | undefined): AllowedValuesUsage {
  const rows = (value: string | null): number => counts?.get(value) ?? 0;
  return {
    column,
    values: values.map((value) => ({ value, rows: rows(value) })),
    nullRows: rows(null),
    otherValues: [...(counts ?? new Map<string | null, number>()).entries()]
      .filter((entry): entry is [string, number] => entry[0] !== null && !values.includes(entry[0]))
      .map(([value, n]) => ({ value, rows: n })),
  };
}

function inspectFindings(table: CatalogTable, constraints: readonly InspectedConstraint[]): Finding[] {
  const findings: Finding[] = [];
  for (const constraint of constraints) {
    if (!constraint.validated) {
      findings.push({
        ruleId: 'constraint-not-valid',
        severity: 'info',
        message: `${constraint.name} is NOT VALID: new rows are checked, existing rows are not`,
        help: `ALTER TABLE ${table.name} VALIDATE CONSTRAINT ${constraint.name} once the existing rows conform`,
      });
    }
    for (const list of constraint.allowedValues ?? []) {
      if (list.otherValues.length === 0) continue;
      findings.push({
        ruleId: 'check-violated-by-rows',
        severity: 'warning',
        message: `rows of ${table.name}.${list.column} hold values ${constraint.name} does not allow: ${list.otherValues.map((v) => `'${v.value}' (${v.rows})`).join(', ')}`,
        help: 'fix these rows before VALIDATE CONSTRAINT, or the validation fails with SQLSTATE 23514',
        evidence: { constraint: constraint.name, column: list.column, values: list.otherValues },
      });
    }
  }
  return findings;
}
