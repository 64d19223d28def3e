import { randomUUID } from 'node:crypto';
import type { DatabaseClient } from '../../src/db/database-client.js';
import { quoteIdentifier, quoteQualifiedName } from '../../src/sql/quote-identifier.js';

interface SeedColumn {
  readonly name: string;
  readonly type: string;
  /** pg_type.typtype / typcategory of the column's type (domains resolved to their base). */
  readonly typtype: string;
  readonly category: string;
  readonly labels: readonly string[] | null;
  readonly maxLength: number | null;
  readonly skip: boolean;
  readonly notNull: boolean;
}

interface ForeignKey {
  readonly columns: readonly string[];
  readonly parent: string;
  readonly parentColumns: readonly string[];
}

export interface SeedReport {
  /** Tables that got rows, with how many. */
  readonly seeded: Readonly<Record<string, number>>;
  /** Tables the seeder could not fill, and why. */
  readonly skipped: Readonly<Record<string, string>>;
}

const TABLES = `
SELECT c.oid::int AS oid, c.relname AS name
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND c.relname <> '_prisma_migrations'
ORDER BY c.relname`;

const COLUMNS = `
SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type,
       COALESCE(bt.typtype, t.typtype)::text AS typtype, COALESCE(bt.typcategory, t.typcategory)::text AS category,
       (SELECT array_agg(e.enumlabel ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = COALESCE(bt.oid, t.oid)) AS labels,
       information_schema._pg_char_max_length(COALESCE(bt.oid, t.oid), CASE WHEN t.typtype = 'd' THEN t.typtypmod ELSE a.atttypmod END) AS "maxLength",
       -- Generated, identity and serial columns fill themselves (a serial's own sequence never collides).
       (a.attgenerated <> '' OR a.attidentity <> '' OR pg_get_serial_sequence(quote_ident(n.nspname) || '.' || quote_ident(r.relname), a.attname) IS NOT NULL) AS skip,
       a.attnotnull AS "notNull"
FROM pg_attribute a JOIN pg_class r ON r.oid = a.attrelid JOIN pg_namespace n ON n.oid = r.relnamespace
JOIN pg_type t ON t.oid = a.atttypid LEFT JOIN pg_type bt ON t.typtype = 'd' AND bt.oid = t.typbasetype
WHERE a.attrelid = $1 AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`;

const FOREIGN_KEYS = `
SELECT (SELECT array_agg(a.attname ORDER BY k.i) FROM unnest(con.conkey) WITH ORDINALITY k(n, i) JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.n) AS columns,
       p.relname AS parent,
       (SELECT array_agg(a.attname ORDER BY k.i) FROM unnest(con.confkey) WITH ORDINALITY k(n, i) JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.n) AS "parentColumns"
FROM pg_constraint con JOIN pg_class p ON p.oid = con.confrelid
WHERE con.contype = 'f' AND con.conrelid = $1`;

/** A value for row `i` of a column, as text cast to the column's type; undefined when there is no generic one. */
function valueFor(column: SeedColumn, i: number): string | undefined {
  if (column.labels?.length) return column.labels[i % column.labels.length]!;
  if (column.type.endsWith('[]')) return '{}';
  if (column.type === 'uuid') return randomUUID();
  if (column.type === 'boolean') return i % 2 === 0 ? 'true' : 'false';
  if (/^(json|jsonb)$/.test(column.type)) return '{}';
  if (/^(timestamp|date|time)/.test(column.type)) return new Date(Date.UTC(2024, 0, 1 + i)).toISOString();
  if (column.type === 'inet' || column.type === 'cidr') return `10.0.0.${i + 1}`;
  if (column.type === 'bytea') return '\\x00';
  // Far from the ids and names a migration's own INSERTs use.
  if (column.category === 'N') return String(1000 + i);
  if (column.category === 'S') return `seed${i}`.slice(-(column.maxLength ?? 99));
  return undefined;
}

/**
 * A few rows in every table of the applied state, as an application would have written them:
 * parents before children (foreign keys filled from the parent's rows), every column given a value
 * of its type (enum labels, uuids, dates, numbers, strings within their length), distinct per row so
 * unique keys hold. A table it cannot fill (a type with no generic value, a CHECK its values break,
 * a cycle) is skipped and named in the report, never guessed at.
 */
export async function seedRows(db: DatabaseClient, rowsPerTable = 3): Promise<SeedReport> {
  const tables = (await db.query<{ oid: number; name: string }>(TABLES)).rows;
  const info = new Map<string, { columns: SeedColumn[]; keys: ForeignKey[] }>();
  for (const table of tables) {
    const columns = (await db.query<SeedColumn>(COLUMNS, [table.oid])).rows.map((c) => ({ ...c }));
    const keys = (await db.query<ForeignKey>(FOREIGN_KEYS, [table.oid])).rows.map((k) => ({ ...k }));
    info.set(table.name, { columns, keys });
  }
  const seeded: Record<string, number> = {};
  const skipped: Record<string, string> = {};
  // Parents first: repeat passes until no table becomes ready (what is left is a cycle or a skipped parent).
  const pending = new Set(info.keys());
  // A cycle is broken at a key whose columns may be NULL: that table goes first, the key left NULL.
  const nullable = (name: string, key: ForeignKey): boolean =>
    key.columns.every((c) => !info.get(name)!.columns.find((col) => col.name === c)?.notNull);
  let breakCycles = false;
  while (pending.size) {
    let progress = false;
    for (const name of [...pending]) {
      const { columns, keys } = info.get(name)!;
      const blocking = keys.filter((k) => k.parent !== name && pending.has(k.parent));
      if (blocking.length && !(breakCycles && blocking.every((k) => nullable(name, k)))) continue;
      const parents = keys.map((k) => k.parent).filter((p) => p !== name && !pending.has(p));
      pending.delete(name);
      progress = true;
      breakCycles = false;
      const missing = parents.find((p) => skipped[p] !== undefined);
      if (missing) {
        skipped[name] = `its parent ${missing} was skipped`;
        continue;
      }
      const left = new Set(blocking.flatMap((k) => k.columns));
      const reason = await seedTable(
        db,
        name,
        columns,
        keys.filter((k) => !blocking.includes(k)),
        left,
        rowsPerTable,
      );
      if (reason) skipped[name] = reason;
      else seeded[name] = rowsPerTable;
    }
    if (!progress && breakCycles) break;
    if (!progress) breakCycles = true;
  }
  for (const name of pending) skipped[name] = 'a foreign-key cycle';
  return { seeded, skipped };
}

async function seedTable(
  db: DatabaseClient,
  table: string,
  columns: readonly SeedColumn[],
  keys: readonly ForeignKey[],
  leftNull: ReadonlySet<string>,
  rows: number,
): Promise<string | undefined> {
  // Keys not given (a cycle broken here) and keys to the table itself are left NULL.
  const fromKey = new Map<string, { key: ForeignKey; index: number }>();
  for (const key of keys) key.columns.forEach((column, index) => fromKey.set(column, { key, index }));
  const parentRows = new Map<ForeignKey, readonly Record<string, unknown>[]>();
  for (const key of keys) {
    if (key.parent === table) continue;
    // Parents no row of this table references yet first: a one-to-one key (unique) then still holds.
    const list = key.parentColumns.map((c) => `p.${quoteIdentifier(c)}::text AS ${quoteIdentifier(c)}`).join(', ');
    const tuple = (alias: string, cols: readonly string[]): string =>
      `(${cols.map((c) => `${alias}.${quoteIdentifier(c)}::text`).join(', ')})`;
    const rows = await db.query(
      `SELECT ${list} FROM ${quoteQualifiedName('public', key.parent)} p
       ORDER BY EXISTS (SELECT 1 FROM ${quoteQualifiedName('public', table)} c WHERE ${tuple('c', key.columns)} = ${tuple('p', key.parentColumns)}), 1`,
    );
    parentRows.set(key, rows.rows);
  }
  const filled = columns.filter((c) => !c.skip);
  for (let i = 0; i < rows; i++) {
    const values: (string | null)[] = [];
    for (const column of filled) {
      const fk = fromKey.get(column.name);
      if (leftNull.has(column.name) || (fk && fk.key.parent === table)) {
        values.push(null);
        continue;
      }
      if (fk) {
        const parents = parentRows.get(fk.key)!;
        if (!parents.length) return `no row in its parent ${fk.key.parent}`;
        values.push(String(parents[i % parents.length]![fk.key.parentColumns[fk.index]!]));
        continue;
      }
      const value = valueFor(column, i);
      if (value === undefined) return `no generic value for ${column.name} ${column.type}`;
      values.push(value);
    }
    const names = filled.map((c) => quoteIdentifier(c.name)).join(', ');
    const params = filled.map((c, n) => `CAST($${n + 1} AS ${c.type})`).join(', ');
    try {
      await db.query(`INSERT INTO ${quoteQualifiedName('public', table)} (${names}) VALUES (${params})`, values);
    } catch (error) {
      return `the insert failed: ${(error as Error).message}`;
    }
  }
  return undefined;
}
