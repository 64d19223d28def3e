import type { DatabaseClient } from '../db/database-client.js';

/** PostgreSQL's table-level lock modes, weakest first (the documentation's table of conflicts). */
export const LOCK_MODES = [
  'ACCESS SHARE',
  'ROW SHARE',
  'ROW EXCLUSIVE',
  'SHARE UPDATE EXCLUSIVE',
  'SHARE',
  'SHARE ROW EXCLUSIVE',
  'EXCLUSIVE',
  'ACCESS EXCLUSIVE',
] as const;

export type LockMode = (typeof LOCK_MODES)[number];

export type LockedRelationKind = 'table' | 'index' | 'sequence' | 'view' | 'materialized view' | 'foreign table' | 'other';

/** A relation lock a backend holds. */
export interface HeldLock {
  readonly oid: string;
  /** `schema.name`; null when the reader cannot see the relation (created by another, uncommitted transaction). */
  readonly relation: string | null;
  readonly kind: LockedRelationKind;
  readonly mode: LockMode;
}

const KINDS: Readonly<Record<string, LockedRelationKind>> = {
  r: 'table',
  p: 'table',
  i: 'index',
  I: 'index',
  S: 'sequence',
  v: 'view',
  m: 'materialized view',
  f: 'foreign table',
};

// Locks of the system catalogs (every statement reads them) and of TOAST tables (they follow
// their table) say nothing about what a migration blocks.
const LOCKS_SQL = `SELECT l.relation::text AS oid, n.nspname AS schema, c.relname AS name, c.relkind::text AS relkind, l.mode
  FROM pg_catalog.pg_locks l
  LEFT JOIN pg_catalog.pg_class c ON c.oid = l.relation
  LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
 WHERE l.locktype = 'relation' AND l.granted AND l.pid = COALESCE($1::int, pg_catalog.pg_backend_pid())
   AND l.database = (SELECT d.oid FROM pg_catalog.pg_database d WHERE d.datname = pg_catalog.current_database())
   AND (n.nspname IS NULL OR (n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%'))`;

/**
 * The relation locks a backend holds right now (`pg_locks`), the caller's own when `pid` is
 * omitted: read inside a transaction after a statement, they are what the statement took and keeps
 * until COMMIT.
 */
export async function readLocks(client: DatabaseClient, pid?: number): Promise<HeldLock[]> {
  const { rows } = await client.query<{ oid: string; schema: string | null; name: string | null; relkind: string | null; mode: string }>(
    LOCKS_SQL,
    [pid ?? null],
    { prepareAs: 'pgpreflight_read_locks' },
  );
  return rows.map((row) => ({
    oid: row.oid,
    relation: row.schema === null || row.name === null ? null : `${row.schema}.${row.name}`,
    kind: KINDS[row.relkind ?? ''] ?? 'other',
    mode: lockMode(row.mode),
  }));
}

/** `AccessExclusiveLock` → `ACCESS EXCLUSIVE`, as the documentation and error messages name it. */
export function lockMode(pgLocksMode: string): LockMode {
  const words = pgLocksMode
    .replace(/Lock$/, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toUpperCase();
  return (LOCK_MODES as readonly string[]).includes(words) ? (words as LockMode) : 'ACCESS EXCLUSIVE';
}

/** Strength of a mode: a higher one conflicts with more. */
export function lockStrength(mode: LockMode): number {
  return LOCK_MODES.indexOf(mode);
}

/** Every user relation's OID: a lock on one that was not there before is on something new, which no one else waits for. */
export async function readRelationOids(client: DatabaseClient): Promise<ReadonlySet<string>> {
  const { rows } = await client.query<{ oid: string }>(
    `SELECT c.oid::text AS oid FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%'`,
  );
  return new Set(rows.map((r) => r.oid));
}
