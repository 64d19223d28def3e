// pgpreflight's own history table, for projects whose migrations are plain .sql files run by no
// tool. One row per applied file; checksum is sha256 hex of the file bytes at apply time.

export const PLAIN_SQL_HISTORY_SCHEMA = 'pgpreflight';
export const PLAIN_SQL_HISTORY_TABLE = 'migrations';

export const PLAIN_SQL_HISTORY_DDL = `CREATE SCHEMA IF NOT EXISTS pgpreflight;
CREATE TABLE IF NOT EXISTS pgpreflight.migrations (
    id          text PRIMARY KEY,
    checksum    text NOT NULL,
    applied_at  timestamptz NOT NULL DEFAULT now(),
    duration_ms integer,
    applied_by  text NOT NULL DEFAULT current_user
);`;

/** $1 id (file name without .sql), $2 checksum, $3 duration in milliseconds (integer or null). */
export const PLAIN_SQL_INSERT_HISTORY = 'INSERT INTO pgpreflight.migrations (id, checksum, duration_ms) VALUES ($1, $2, $3)';
