import type { DatabaseClient } from '../db/database-client.js';

export interface HistoryColumn {
  readonly name: string;
  /** Without it no row can be interpreted (e.g. the migration name). */
  readonly required?: boolean;
  /** Present in some versions of the tool only: its absence is not worth a warning. */
  readonly optional?: boolean;
  /** Read as ISO 8601 text so node-postgres and PGlite return the same string. */
  readonly timestamp?: boolean;
  /** Read as text, whatever type a hand-made table gave it. */
  readonly text?: boolean;
  /** What is lost when the column is absent, added to the warning. */
  readonly whenMissing?: string;
}

export interface HistoryTableSpec {
  readonly schema: string;
  readonly table: string;
  readonly columns: readonly HistoryColumn[];
  /** Columns to order by, when present (the tool's own order). */
  readonly orderBy?: readonly string[];
}

export interface HistoryTableRows {
  readonly qualifiedName: string;
  readonly exists: boolean;
  /** Only the known columns the table has; absent ones are missing from each row. */
  readonly rows: readonly Record<string, unknown>[];
  readonly warnings: readonly string[];
}

const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/**
 * Reads a migration tool's history table defensively: a missing table means nothing was applied,
 * and a table written by another version of the tool (columns added or removed) is read as far as
 * it can be, with one warning, instead of failing the whole command.
 */
export async function readHistoryTable(client: DatabaseClient, spec: HistoryTableSpec): Promise<HistoryTableRows> {
  const qualifiedName = `${spec.schema}.${spec.table}`;
  const { rows: present } = await client.query<{ name: string }>(
    `SELECT a.attname AS name
       FROM pg_catalog.pg_attribute a
       JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
       JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
        AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY a.attnum`,
    [spec.schema, spec.table],
  );
  if (present.length === 0) return { qualifiedName, exists: false, rows: [], warnings: [] };

  const have = new Set(present.map((row) => row.name));
  const known = new Set(spec.columns.map((column) => column.name));
  const absent = spec.columns.filter((column) => !have.has(column.name) && !column.optional);
  const missing = absent.map((column) => column.name);
  const unexpected = present.map((row) => row.name).filter((name) => !known.has(name));
  const warnings: string[] = [];
  if (missing.length || unexpected.length) {
    const parts = [
      missing.length ? `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}` : '',
      unexpected.length ? `unexpected column${unexpected.length > 1 ? 's' : ''} ${unexpected.join(', ')}` : '',
    ].filter(Boolean);
    const required = absent.filter((column) => column.required).map((column) => column.name);
    const consequence = required.length
      ? `no row can be read without ${required.join(', ')}, so history is treated as empty`
      : [...absent.map((column) => column.whenMissing).filter(Boolean), 'read what could be read'].join('; ');
    warnings.push(
      `history table ${qualifiedName} has ${parts.join(' and ')}; it may come from another version of the tool — ${consequence}`,
    );
  }
  if (spec.columns.some((column) => column.required && !have.has(column.name))) {
    return { qualifiedName, exists: true, rows: [], warnings };
  }

  const selected = spec.columns.filter((column) => have.has(column.name));
  const list = selected
    .map((column) =>
      column.timestamp
        ? `to_json(${quote(column.name)}) #>> '{}' AS ${quote(column.name)}`
        : column.text
          ? `${quote(column.name)}::text AS ${quote(column.name)}`
          : quote(column.name),
    )
    .join(', ');
  const order = (spec.orderBy ?? []).filter((name) => have.has(name)).map(quote);
  const { rows } = await client.query<Record<string, unknown>>(
    `SELECT ${list} FROM ${quote(spec.schema)}.${quote(spec.table)}${order.length ? ` ORDER BY ${order.join(', ')}` : ''}`,
  );
  return { qualifiedName, exists: true, rows, warnings };
}
