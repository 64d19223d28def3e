import type { CatalogForeignKey, CatalogSnapshot, QualifiedName } from '../../catalog/catalog-snapshot.js';
import type { DatabaseClient } from '../../db/database-client.js';
import { SqlExecutionError } from '../../db/sql-execution-error.js';
import { quoteIdentifier, quoteQualifiedName } from '../../sql/quote-identifier.js';
import type { ShadowTable } from './shadow-tables.js';

/** Rows the probes flag on one table: a WHERE condition and its parameters. */
export interface FlaggedRows {
  /** What flags them, for a note when they cannot be read (`the CHECK probe of 20240201_x`). */
  readonly by: string;
  readonly table: QualifiedName;
  readonly condition: string;
  readonly params: readonly unknown[];
}

export interface ReadSampleOptions {
  /** Up to this many rows per table. */
  readonly rows: number;
  /** The tables to fill: the shadow's (rows are read in their column order). */
  readonly tables: readonly ShadowTable[];
  /** The target, read in the same transaction: its columns, foreign keys, row estimates. */
  readonly target: CatalogSnapshot;
  readonly flagged: readonly FlaggedRows[];
}

export interface SampleRead {
  readonly tables: readonly TableRows[];
  /** Flagged rows that could not be read (a probe query that failed or timed out). */
  readonly notes: readonly string[];
}

/** The rows of one table, each in composite text form in the shadow's column order. */
export interface TableRows {
  readonly table: ShadowTable;
  readonly records: readonly string[];
  readonly sampled: number;
  /** Rows beyond the sample that a probe flags. */
  readonly flagged: number;
  /** Rows beyond the sample and the flagged ones that sampled children reference (foreign keys). */
  readonly parents: number;
}

interface ForeignKey extends CatalogForeignKey {
  readonly columns: readonly string[];
}

interface TableState {
  readonly table: ShadowTable;
  /** Key columns read beside each row: primary key, foreign key columns, referenced columns. */
  readonly keyColumns: readonly string[];
  readonly identity: readonly string[] | null;
  readonly rows: Map<string, { record: string; keys: readonly (string | null)[] }>;
  /** Per referenced column set (JSON of the names): the key tuples already present. */
  readonly present: Map<string, Set<string>>;
  pending: { keys: readonly (string | null)[] }[];
  sampled: number;
  flagged: number;
  parents: number;
}

const PARENT_BATCH = 5000;

/**
 * Reads a sample of the target for the shadow, inside the caller's read-only REPEATABLE READ
 * transaction so every table is read from one snapshot: up to `rows` rows per table (a SYSTEM
 * sample of the pages of a big table, repeatable), then every row a probe flags, then — until
 * nothing is missing — the parent rows that the rows read so far reference through a foreign key,
 * transitively (a self-reference or a cycle ends when every referenced key is present). Values
 * travel as text, as COPY carries them, so nothing is lost on the way.
 */
export async function readSample(tx: DatabaseClient, options: ReadSampleOptions): Promise<SampleRead> {
  const key = (t: QualifiedName): string => JSON.stringify([t.schema, t.name]);
  const targetColumns = new Map<string, Map<string, string>>();
  for (const column of options.target.objects.columns) {
    const k = key({ schema: column.schema, name: column.table });
    if (!targetColumns.has(k)) targetColumns.set(k, new Map());
    targetColumns.get(k)!.set(column.name, column.type);
  }
  const targetTables = new Map(options.target.objects.tables.map((t) => [key(t), t]));
  const tables = options.tables.filter((t) => targetColumns.has(key(t)) && targetTables.get(key(t))?.partitionOf === null);
  const included = new Set(tables.map(key));
  const foreignKeys = new Map<string, ForeignKey[]>();
  for (const constraint of options.target.objects.constraints) {
    const fk = constraint.foreignKey;
    const child = key({ schema: constraint.schema, name: constraint.table });
    if (!fk || !included.has(child) || !included.has(key(fk.referencedTable))) continue;
    foreignKeys.set(child, [...(foreignKeys.get(child) ?? []), { ...fk, columns: constraint.columns }]);
  }

  const states = new Map<string, TableState>();
  for (const table of tables) {
    const k = key(table);
    const identity = targetTables.get(k)?.primaryKey ?? null;
    const referenced = [...foreignKeys.values()].flat().filter((fk) => key(fk.referencedTable) === k);
    const keyColumns = [
      ...new Set([
        ...(identity ?? []),
        ...(foreignKeys.get(k) ?? []).flatMap((fk) => fk.columns),
        ...referenced.flatMap((fk) => fk.referencedColumns),
      ]),
    ];
    states.set(k, {
      table,
      keyColumns,
      identity,
      rows: new Map(),
      present: new Map(referenced.map((fk) => [JSON.stringify(fk.referencedColumns), new Set<string>()])),
      pending: [],
      sampled: 0,
      flagged: 0,
      parents: 0,
    });
  }

  const select = (state: TableState): string => {
    const columns = targetColumns.get(key(state.table))!;
    // In the shadow's column order; a column the target lacks arrives as NULL.
    const row = state.table.columns.map((c) => (columns.has(c.name) ? `t.${quoteIdentifier(c.name)}` : 'NULL'));
    const keys = state.keyColumns.map((c, i) => `t.${quoteIdentifier(c)}::text AS k${i}`);
    // Without a primary key a row is told apart by its place in the snapshot: equal rows stay two rows.
    const id = state.identity ? [] : [`t.tableoid::text || ':' || t.ctid::text AS id`];
    return `SELECT ${[`ROW(${row.join(', ')})::text AS r`, ...keys, ...id].join(', ')} FROM ${quoteQualifiedName(state.table.schema, state.table.name)} t`;
  };
  const add = async (
    state: TableState,
    sql: string,
    params: readonly unknown[],
    as: 'sampled' | 'flagged' | 'parents',
    cap = Infinity,
  ): Promise<void> => {
    const { rows } = await tx.query<Record<string, string | null>>(sql, params);
    for (const row of rows) {
      if (state[as] >= cap) break;
      const keys = state.keyColumns.map((_, i) => row[`k${i}`] ?? null);
      const identity = state.identity ? JSON.stringify(state.identity.map((c) => keys[state.keyColumns.indexOf(c)])) : row.id!;
      if (state.rows.has(identity)) continue;
      state.rows.set(identity, { record: row.r!, keys });
      state[as]++;
      state.pending.push({ keys });
      for (const [columns, seen] of state.present)
        seen.add(JSON.stringify(JSON.parse(columns).map((c: string) => keys[state.keyColumns.indexOf(c)])));
    }
  };

  const limit = Math.floor(options.rows);
  for (const state of states.values()) {
    const estimate = options.target.statistics.tables.find(
      (t) => t.schema === state.table.schema && t.name === state.table.name,
    )?.rowEstimate;
    // A big table is sampled by pages (repeatable), so the rows come from all of it, not its oldest pages;
    // a small one is cheaper to read from the start.
    const big = targetTables.get(key(state.table))?.kind === 'table' && (estimate ?? 0) > 10 * limit;
    if (big)
      await add(state, `${select(state)} TABLESAMPLE SYSTEM ($1) REPEATABLE (0) LIMIT ${limit}`, [(200 * limit) / estimate!], 'sampled');
    // Pages sampled at random can come up short: fill up from the start.
    if (state.sampled < limit) await add(state, `${select(state)} LIMIT ${limit}`, [], 'sampled', limit);
  }
  // Each under a savepoint: one probe query that fails or times out costs its rows, not the sample.
  const notes: string[] = [];
  for (const flagged of options.flagged) {
    const state = states.get(key(flagged.table));
    if (!state) continue;
    await tx.exec('SAVEPOINT pgpreflight_flagged');
    try {
      await add(state, `${select(state)} WHERE ${flagged.condition}`, flagged.params, 'flagged');
      await tx.exec('RELEASE SAVEPOINT pgpreflight_flagged');
    } catch (error) {
      if (!(error instanceof SqlExecutionError)) throw error;
      await tx.exec('ROLLBACK TO SAVEPOINT pgpreflight_flagged');
      notes.push(`the rows ${flagged.by} flags in ${flagged.table.schema}.${flagged.table.name} could not be read: ${error.message}`);
    }
  }

  // Parents of what was read, until every referenced key is present.
  for (let progress = true; progress;) {
    progress = false;
    for (const [k, child] of states) {
      const rows = child.pending;
      child.pending = [];
      for (const fk of foreignKeys.get(k) ?? []) {
        const parent = states.get(key(fk.referencedTable))!;
        const seen = parent.present.get(JSON.stringify(fk.referencedColumns))!;
        const missing = new Map<string, readonly string[]>();
        for (const { keys } of rows) {
          const tuple = fk.columns.map((c) => keys[child.keyColumns.indexOf(c)] ?? null);
          if (tuple.some((v) => v === null)) continue;
          const id = JSON.stringify(tuple);
          if (!seen.has(id)) missing.set(id, tuple as string[]);
        }
        const tuples = [...missing.values()];
        const types = fk.referencedColumns.map((c) => targetColumns.get(key(fk.referencedTable))!.get(c)!);
        for (let i = 0; i < tuples.length; i += PARENT_BATCH) {
          const batch = tuples.slice(i, i + PARENT_BATCH);
          const columns = fk.referencedColumns.map((c) => `t.${quoteIdentifier(c)}`).join(', ');
          const casts = types.map((type, j) => `u.c${j}::${type}`).join(', ');
          const unnest = types.map((_, j) => `$${j + 1}::text[]`).join(', ');
          const names = types.map((_, j) => `c${j}`).join(', ');
          await add(
            parent,
            `${select(parent)} WHERE (${columns}) IN (SELECT ${casts} FROM unnest(${unnest}) AS u(${names}))`,
            types.map((_, j) => batch.map((tuple) => tuple[j])),
            'parents',
          );
          for (const tuple of batch) seen.add(JSON.stringify(tuple));
        }
        if (tuples.length) progress = true;
      }
    }
  }

  const tablesRead = [...states.values()].map((state) => ({
    table: state.table,
    records: [...state.rows.values()].map((r) => r.record),
    sampled: state.sampled,
    flagged: state.flagged,
    parents: state.parents,
  }));
  return { tables: tablesRead, notes };
}
