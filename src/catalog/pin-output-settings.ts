import type { DatabaseClient } from '../db/database-client.js';

/**
 * Session settings that change how PostgreSQL prints a definition, with the value a snapshot is
 * taken under. Without this, one schema would print differently on two sessions:
 * - search_path: format_type and pg_get_*def qualify a name only when it is not visible, so a target
 *   whose role has `search_path = "$user", public, extensions` and a PGlite shadow (`public`) differ.
 *   With pg_catalog alone every user name is qualified, as pg_dump prints it.
 * - TimeZone, DateStyle, IntervalStyle: timestamptz, date and interval constants in defaults,
 *   partition bounds and CHECKs are printed in the session's zone and style.
 * - extra_float_digits, bytea_output: float and bytea constants.
 */
const OUTPUT_SETTINGS: readonly (readonly [name: string, value: string])[] = [
  ['search_path', 'pg_catalog'],
  ['TimeZone', 'UTC'],
  ['DateStyle', 'ISO, YMD'],
  ['IntervalStyle', 'postgres'],
  ['extra_float_digits', '1'],
  ['bytea_output', 'hex'],
];

/**
 * A CTE, `output_settings`, that sets ours and returns the session's previous values as
 * `previous` (text[], in OUTPUT_SETTINGS order), so pinning costs no round trip of its own. Every
 * area reads scope_namespace, which joins this one-row CTE, so no area row exists before the
 * settings are set. OFFSET 0 keeps the read of the old values a separate plan node, and each
 * set_config depends on the value read, so every value is read before any is changed.
 *
 * The values are set for the session, not with SET LOCAL, which inside the caller's transaction
 * would outlive the snapshot. If the statement fails, its transaction (or the caller's) aborts and
 * PostgreSQL undoes them itself; after success, restoreOutputSettings puts them back.
 */
export const OUTPUT_SETTINGS_CTE = `
output_settings AS MATERIALIZED (
  SELECT s.previous,
    ${OUTPUT_SETTINGS.map(([name, value], i) => `pg_catalog.set_config('${name}', '${value}' || pg_catalog.left(s.previous[${i + 1}], 0), false) AS set_${i + 1}`).join(',\n    ')}
  FROM (SELECT ARRAY[${OUTPUT_SETTINGS.map(([name]) => `pg_catalog.current_setting('${name}')`).join(', ')}] AS previous OFFSET 0) AS s
)`;

export async function restoreOutputSettings(client: DatabaseClient, previous: readonly string[]): Promise<void> {
  const sets = OUTPUT_SETTINGS.map((_, i) => `pg_catalog.set_config($${2 * i + 1}, $${2 * i + 2}, false)`).join(', ');
  await client.query(
    `SELECT ${sets}`,
    OUTPUT_SETTINGS.flatMap(([name], i) => [name, previous[i]]),
  );
}
