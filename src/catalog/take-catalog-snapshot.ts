import { PgPreflightError } from '../core/pgpreflight-error.js';
import type { DatabaseClient } from '../db/database-client.js';
import { SqlExecutionError } from '../db/sql-execution-error.js';
import type { CatalogMappingContext, CatalogQuery } from './catalog-query.js';
import type { CatalogScopeOptions } from './catalog-scope.js';
import { SCOPE_CTES, scopeParameters } from './catalog-scope.js';
import type { CatalogSnapshot } from './catalog-snapshot.js';
import { restoreOutputSettings } from './pin-output-settings.js';
import { readColumns } from './read-columns.js';
import { readConstraints } from './read-constraints.js';
import { readDomains } from './read-domains.js';
import { readEnums } from './read-enums.js';
import { readExtensions } from './read-extensions.js';
import { readFunctions } from './read-functions.js';
import { readIndexes } from './read-indexes.js';
import { readPolicies } from './read-policies.js';
import { readSchemas } from './read-schemas.js';
import { readSequences } from './read-sequences.js';
import { readSequenceStatistics, readTableStatistics } from './read-statistics.js';
import { readTables } from './read-tables.js';
import { readTriggers } from './read-triggers.js';
import { readViews } from './read-views.js';
import { relationLookup } from './relation-lookup.js';

export type CatalogSnapshotOptions = CatalogScopeOptions;

/** The oldest server whose catalog columns the queries know (prosqlbody is 14, indnullsnotdistinct 15). */
const MIN_SERVER_VERSION = 130000;

// Every area becomes one column of the one statement; each is mapped with its own types in assemble().
const AREAS: readonly Pick<CatalogQuery<Record<string, unknown>, unknown>, 'key' | 'sql' | 'fields'>[] = [
  readSchemas,
  readTables,
  readColumns,
  readConstraints,
  readIndexes,
  readTriggers,
  readFunctions,
  readViews,
  readEnums,
  readDomains,
  readSequences,
  readPolicies,
  readExtensions,
  readTableStatistics,
  readSequenceStatistics,
];

/**
 * Reads the schema of the database behind `client`, read-only, whatever the size of the catalog in
 * two round trips: one statement that pins the output settings and reads every area, then one
 * that gives the session its settings back (sent while the rows are mapped). The first snapshot
 * on a client also asks for the server version.
 */
export async function takeCatalogSnapshot(client: DatabaseClient, options: CatalogSnapshotOptions = {}): Promise<CatalogSnapshot> {
  const serverVersionNum = await serverVersionOf(client);
  if (serverVersionNum < MIN_SERVER_VERSION) {
    throw new PgPreflightError('DB_QUERY_FAILED', `the catalog of PostgreSQL ${serverVersionNum} cannot be read`, {
      hint: 'pgpreflight reads the catalog of PostgreSQL 13 and later',
    });
  }
  const statement = composeStatement(serverVersionNum);
  const result = await guard(() =>
    client.query<StatementRow>(statement, scopeParameters(options), { prepareAs: `pgpreflight_catalog_${serverVersionNum}` }),
  );
  const row = result.rows[0]!;
  // Fails only when the caller's transaction is already aborted; its rollback restores them then.
  const restored = restoreOutputSettings(client, row.previous_settings as string[]).catch(() => undefined);
  try {
    return assemble(row, client, serverVersionNum);
  } finally {
    await restored;
  }
}

// A client talks to one server for its life, so its version is asked once.
const serverVersions = new WeakMap<DatabaseClient, number>();

async function serverVersionOf(client: DatabaseClient): Promise<number> {
  let version = serverVersions.get(client);
  if (version === undefined) {
    const result = await guard(() =>
      client.query<{ version: string }>(`SELECT pg_catalog.current_setting('server_version_num') AS version`),
    );
    version = Number(result.rows[0]!.version);
    serverVersions.set(client, version);
  }
  return version;
}

/**
 * One row: the session's previous output settings, then one column per area holding a JSON object
 * of per-field arrays (catalog-query.ts says why).
 */
function composeStatement(serverVersionNum: number): string {
  const columns = AREAS.map((area) => {
    const fields = Object.keys(area.fields).map((field) => `'${field}', pg_catalog.json_agg(q.${field})`);
    return `  (SELECT pg_catalog.json_build_object(${fields.join(', ')}) FROM (${area.sql(serverVersionNum)}\n  ) AS q) AS ${area.key}`;
  });
  return `WITH ${SCOPE_CTES}\nSELECT\n  (SELECT previous FROM output_settings) AS previous_settings,\n${columns.join(',\n')}`;
}

type StatementRow = Readonly<Record<string, unknown>>;

function assemble(row: StatementRow, client: DatabaseClient, serverVersionNum: number): CatalogSnapshot {
  // Areas name relations and columns by relid and attnum through the tables and columns areas.
  const context: CatalogMappingContext = { serverVersionNum, ...relationLookup(rawRows(readTables, row), rawRows(readColumns, row)) };
  const objects = {
    schemas: items(readSchemas, row, context),
    tables: items(readTables, row, context),
    columns: items(readColumns, row, context),
    constraints: items(readConstraints, row, context),
    indexes: items(readIndexes, row, context),
    triggers: items(readTriggers, row, context),
    functions: items(readFunctions, row, context),
    views: items(readViews, row, context),
    enums: items(readEnums, row, context),
    domains: items(readDomains, row, context),
    sequences: items(readSequences, row, context),
    policies: items(readPolicies, row, context),
    extensions: items(readExtensions, row, context),
  };
  return {
    objects,
    statistics: {
      tables: items(readTableStatistics, row, context),
      sequences: items(readSequenceStatistics, row, context),
    },
    source: { dialect: client.dialect, serverVersionNum },
  };
}

/** Zips an area's per-field arrays back into rows. json_agg over no rows is null. */
function rawRows<Raw>(area: Pick<CatalogQuery<Raw, unknown>, 'key' | 'fields'>, row: StatementRow): Raw[] {
  const columns = (row[area.key] ?? {}) as Readonly<Record<string, readonly unknown[] | null>>;
  const fields = Object.keys(area.fields);
  const count = columns[fields[0]!]?.length ?? 0;
  const rows: Raw[] = [];
  for (let i = 0; i < count; i++) {
    const raw: Record<string, unknown> = {};
    for (const field of fields) raw[field] = columns[field]![i];
    rows.push(raw as Raw);
  }
  return rows;
}

// Sorted in code-unit order, not localeCompare, so the order does not depend on the machine's
// locale. NUL cannot occur in a PostgreSQL name or text, so joined keys compare part by part.
function items<Raw, Item>(area: CatalogQuery<Raw, Item>, row: StatementRow, context: CatalogMappingContext): readonly Item[] {
  const keyed = rawRows(area, row).map((raw) => {
    const item = area.toItem(raw, context);
    return { item, key: area.sortKey(item).join('\u0000') };
  });
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return keyed.map(({ item }) => item);
}

async function guard<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof SqlExecutionError)) throw error;
    const timedOut = error.sqlState === '57014' || error.sqlState === '55P03';
    throw new PgPreflightError(
      timedOut ? 'DB_TIMEOUT' : 'DB_QUERY_FAILED',
      `reading the catalog failed: ${error.message} (SQLSTATE ${error.sqlState})`,
      {
        hint: timedOut ? 'the database is busy; try again later or raise the statement timeout' : 'run with --debug to see the query',
        sqlState: error.sqlState,
        cause: error,
      },
    );
  }
}
