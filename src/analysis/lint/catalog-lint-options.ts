import type { CatalogColumn, CatalogConstraint, CatalogTableStatistics } from '../../catalog/catalog-snapshot.js';
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
  /** The target's constraints: a validated CHECK (col IS NOT NULL) makes SET NOT NULL instant. */
  readonly constraints?: readonly CatalogConstraint[];
  /** The target's `server_version_num`; else `postgresVersion` (config `lint.postgresVersion`). */
  readonly serverVersionNum?: number;
  readonly postgresVersion?: number;
}

/** The lint options `lint` and `check` build from the config and whatever catalog they have. */
export function catalogLintOptions(input: CatalogLintInput): Omit<LintOptions, 'createdBefore'> & { readonly thresholds: LintThresholds } {
  const rows =
    input.tableStatistics && new Map(input.tableStatistics.map((s) => [tableKey({ schema: s.schema, name: s.name }), s.rowEstimate]));
  const types = input.columns && new Map(input.columns.map((c) => [`${tableKey({ schema: c.schema, name: c.table })}.${c.name}`, c.type]));
  const notNullChecks =
    input.constraints &&
    new Set(
      input.constraints.flatMap((c) => {
        const column = c.type === 'check' && c.validated ? notNullCheckColumn(c.definition) : undefined;
        return column ? [`${tableKey({ schema: c.schema, name: c.table })}.${column}`] : [];
      }),
    );
  const major = input.serverVersionNum !== undefined ? Math.floor(input.serverVersionNum / 10_000) : input.postgresVersion;
  return {
    ...(major !== undefined ? { postgresMajor: major } : {}),
    ...(notNullChecks ? { validatedNotNullCheck: (t: TableRef, column: string) => notNullChecks.has(`${tableKey(t)}.${column}`) } : {}),
    ...(input.severities ? { severities: input.severities } : {}),
    thresholds: { ...DEFAULT_THRESHOLDS, ...input.thresholds },
    ...(rows ? { tableRows: (t: TableRef) => rows.get(tableKey(t)) ?? undefined } : {}),
    ...(types ? { columnType: (t: TableRef, column: string) => types.get(`${tableKey(t)}.${column}`) } : {}),
  };
}

/** `CHECK ((customer_id IS NOT NULL))` → customer_id (pg_get_constraintdef's form); undefined for any other CHECK. */
export function notNullCheckColumn(definition: string): string | undefined {
  const match = /^CHECK \(\((?:"((?:[^"]|"")+)"|([a-z_][a-z0-9_$]*)) IS NOT NULL\)\)(?: NOT VALID)?$/.exec(definition.trim());
  return match ? (match[1]?.replaceAll('""', '"') ?? match[2]) : undefined;
}
