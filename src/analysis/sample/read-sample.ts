import type { CatalogForeignKey, CatalogSnapshot, QualifiedName } from '../../catalog/catalog-snapshot.js';
import type { DatabaseClient } from '../../db/database-client.js';
import { SqlExecutionError } from '../../db/sql-execution-error.js';
import { quoteIdentifier, quoteQualifiedName } from '../../sql/quote-identifier.js';
import { copyDecode, copyEncode, copyLines } from './copy-text.js';
import { parseRecordText } from './record-text.js';
import type { ShadowColumn, ShadowTable } from './shadow-tables.js';

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
  /** Asked once the sample is read (so it can be worked out meanwhile): the rows the probes flag. */
  readonly flagged: () => Promise<readonly FlaggedRows[]>;
  /**
   * Takes rows as soon as they are read — COPY text lines of the table's loaded columns (`columns`,
   * generated ones left out) — so they can be loaded while the next table is read.
   */
  readonly onRows: (table: ShadowTable, columns: readonly ShadowColumn[], lines: readonly string[]) => void;
}

export interface SampleRead {
  readonly tables: readonly TableRows[];
  /** Flagged rows that could not be read (a probe query that failed or timed out). */
  readonly notes: readonly string[];
}

/** How many rows of one table were read, and why. */
export interface TableRows {
  readonly table: ShadowTable;
  readonly sampled: number;
  /** Rows beyond the sample that a probe flags. */
  readonly flagged: number;
  /** Rows beyond the sample and the flagged ones that sampled children reference (foreign keys). */
  readonly parents: number;
  readonly rows: number;
}

interface ForeignKey extends CatalogForeignKey {
  readonly columns: readonly string[];
}

interface TableState {
  readonly table: ShadowTable;
  /** What a line holds: the shadow's columns, generated ones left out. */
  readonly columns: readonly ShadowColumn[];
  /** Key columns read beside each row: primary key, foreign key columns, referenced columns. */
  readonly keyColumns: readonly string[];
  readonly identity: readonly string[] | null;
  /** The identities of the rows read. */
  readonly rows: Set<string>;
  /** Lines read and not handed to `onRows` yet. */
  fresh: string[];
  /** Where the identity columns are among the key columns. */
  readonly identityKeys: readonly number[];
  /** Per referenced column set (JSON of the names): where they are among the key columns, and the key tuples already present. */
  readonly present: Map<string, { readonly at: readonly number[]; readonly seen: Set<string> }>;
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
    const columns = table.columns.filter((c) => !c.generated);
    states.set(k, {
      table,
      columns,
      keyColumns,
      identityKeys: (identity ?? []).map((c) => keyColumns.indexOf(c)),
      identity,
      rows: new Set(),
      fresh: [],
      present: new Map(
        referenced.map((fk) => [
          JSON.stringify(fk.referencedColumns),
          { at: fk.referencedColumns.map((c) => keyColumns.indexOf(c)), seen: new Set<string>() },
        ]),
      ),
      pending: [],
      sampled: 0,
      flagged: 0,
      parents: 0,
    });
  }

  // Each row as: its key columns, then (without a primary key) its place in the snapshot, so that
  // equal rows stay two rows, then the loaded columns in the shadow's order (a column the target
  // lacks arrives as NULL). Only the leading fields are decoded; the rest is the line to load.
  const selectList = (state: TableState): string[] => {
    const columns = targetColumns.get(key(state.table))!;
    return [
      ...state.keyColumns.map((c) => `t.${quoteIdentifier(c)}`),
      ...(state.identity ? [] : [`t.tableoid::text || ':' || t.ctid::text`]),
      ...state.columns.map((c) => (columns.has(c.name) ? `t.${quoteIdentifier(c.name)}` : 'NULL')),
    ];
  };
  const lead = (state: TableState): number => state.keyColumns.length + (state.identity ? 0 : 1);
  const from = (state: TableState): string => `${quoteQualifiedName(state.table.schema, state.table.name)} t`;
  const store = (state: TableState, leading: readonly (string | null)[], line: string, as: 'sampled' | 'flagged' | 'parents'): void => {
    const keys = leading.slice(0, state.keyColumns.length);
    const identity = state.identity ? tupleKey(state.identityKeys.map((i) => keys[i] ?? null)) : leading.at(-1)!;
    if (identity === null || state.rows.has(identity)) return;
    state.rows.add(identity);
    state.fresh.push(line);
    state[as]++;
    state.pending.push({ keys });
    for (const { at, seen } of state.present.values()) seen.add(tupleKey(at.map((i) => keys[i] ?? null)));
  };
  // The bulk of the rows, with COPY: no per-row objects on the way.
  const copy = async (state: TableState, tail: string, cap: number): Promise<void> => {
    const data = await tx.copyOut(`SELECT ${selectList(state).join(', ')} FROM ${from(state)}${tail}`);
    const n = lead(state);
    for (const line of copyLines(data)) {
      if (state.sampled >= cap) break;
      const leading: (string | null)[] = [];
      let at = 0;
      for (let i = 0; i < n; i++) {
        const tab = line.indexOf('\t', at);
        leading.push(copyDecode(line.slice(at, tab)));
        at = tab + 1;
      }
      store(state, leading, line.slice(at), 'sampled');
    }
    flush(state);
  };
  const flush = (state: TableState): void => {
    if (state.fresh.length) options.onRows(state.table, state.columns, state.fresh);
    state.fresh = [];
  };
  // Rows chosen by a condition with parameters (flagged rows, parents): one composite text each, turned into a COPY line.
  const add = async (state: TableState, where: string, params: readonly unknown[], as: 'flagged' | 'parents'): Promise<void> => {
    const { rows } = await tx.query<{ r: string }>(
      `SELECT ROW(${selectList(state).join(', ')})::text AS r FROM ${from(state)} WHERE ${where}`,
      params,
    );
    const n = lead(state);
    for (const row of rows) {
      const fields = parseRecordText(row.r);
      store(state, fields.slice(0, n), fields.slice(n).map(copyEncode).join('\t'), as);
    }
    flush(state);
  };

  const limit = Math.floor(options.rows);
  for (const state of states.values()) {
    if (state.columns.length === 0) continue;
    const estimate = options.target.statistics.tables.find(
      (t) => t.schema === state.table.schema && t.name === state.table.name,
    )?.rowEstimate;
    // A big table is sampled by pages (repeatable), so the rows come from all of it, not its oldest pages;
    // a small one is cheaper to read from the start.
    const big = targetTables.get(key(state.table))?.kind === 'table' && (estimate ?? 0) > 10 * limit;
    if (big) await copy(state, ` TABLESAMPLE SYSTEM (${((200 * limit) / estimate!).toFixed(6)}) REPEATABLE (0) LIMIT ${limit}`, limit);
    // Pages sampled at random can come up short: fill up from the start.
    if (state.sampled < limit) await copy(state, ` LIMIT ${limit}`, limit);
  }
  // Each under a savepoint: one probe query that fails or times out costs its rows, not the sample.
  const notes: string[] = [];
  for (const flagged of await options.flagged()) {
    const state = states.get(key(flagged.table));
    if (!state) continue;
    await tx.exec('SAVEPOINT pgpreflight_flagged');
    try {
      await add(state, flagged.condition, flagged.params, 'flagged');
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
        const seen = parent.present.get(JSON.stringify(fk.referencedColumns))!.seen;
        const missing = new Map<string, readonly string[]>();
        for (const { keys } of rows) {
          const tuple = fk.columns.map((c) => keys[child.keyColumns.indexOf(c)] ?? null);
          if (tuple.some((v) => v === null)) continue;
          const id = tupleKey(tuple);
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
            `(${columns}) IN (SELECT ${casts} FROM unnest(${unnest}) AS u(${names}))`,
            types.map((_, j) => batch.map((tuple) => tuple[j])),
            'parents',
          );
          for (const tuple of batch) seen.add(tupleKey(tuple));
        }
        if (tuples.length) progress = true;
      }
    }
  }

  const tablesRead = [...states.values()].map((state) => ({
    table: state.table,
    rows: state.rows.size,
    sampled: state.sampled,
    flagged: state.flagged,
    parents: state.parents,
  }));
  return { tables: tablesRead, notes };
}

/** A key tuple as a map key; a one-column key (the common case) is its value (U+0000, which text cannot hold, for NULL). */
function tupleKey(values: readonly (string | null)[]): string {
  return values.length === 1 ? (values[0] ?? '\u0000') : JSON.stringify(values);
}
