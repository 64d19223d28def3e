import type { CatalogColumn, CatalogTableStatistics } from '../../catalog/catalog-snapshot.js';
import type { Severity } from '../../core/finding.js';
import { tableKey, type TableRef } from './lint-file.js';
import { DEFAULT_THRESHOLDS, type LintOptions, type LintThresholds } from './lint-migration.js';

export interface CatalogLintInput {
  readonly severities?: Readonly<Record<string, Severity | 'off'>>;
  readonly thresholds?: Partial<LintThresholds>;
  /** Row estimates of the target's tables: lock rules scale with them. */
  readonly tableStatistics?: readonly CatalogTableStatistics[];
  /** Column types before the migrations: type-change rules decide with them. */
  readonly columns?: readonly CatalogColumn[];
}

/** The lint options `lint` and `check` build from the config and whatever catalog they have. */
export function catalogLintOptions(input: CatalogLintInput): Omit<LintOptions, 'createdBefore'> & { readonly thresholds: LintThresholds } {
  const rows =
    input.tableStatistics && new Map(input.tableStatistics.map((s) => [tableKey({ schema: s.schema, name: s.name }), s.rowEstimate]));
  const types = input.columns && new Map(input.columns.map((c) => [`${tableKey({ schema: c.schema, name: c.table })}.${c.name}`, c.type]));
  return {
    ...(input.severities ? { severities: input.severities } : {}),
    thresholds: { ...DEFAULT_THRESHOLDS, ...input.thresholds },
    ...(rows ? { tableRows: (t: TableRef) => rows.get(tableKey(t)) ?? undefined } : {}),
    ...(types ? { columnType: (t: TableRef, column: string) => types.get(`${tableKey(t)}.${column}`) } : {}),
  };
}
