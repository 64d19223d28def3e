import { plural } from '../verify-check-run.js';
import { indexKey, quoted, shown, type HealthCheck } from './health-context.js';

/**
 * INVALID indexes: what a failed CREATE INDEX CONCURRENTLY (or REINDEX CONCURRENTLY) leaves behind.
 * Queries never use one, yet every write still maintains it, and a unique one still rejects
 * duplicates — the cost of the index without its use. An error: it never fixes itself.
 */
export const indexInvalid: HealthCheck = ({ objects, reported }) => {
  const invalid = objects.indexes.filter((i) => !i.valid && !reported.has(indexKey(i)));
  return {
    id: 'index-invalid',
    kind: 'index-invalid',
    title: 'no INVALID index',
    summary: invalid.length
      ? plural(invalid.length, 'INVALID index', 'INVALID indexes')
      : `${plural(objects.indexes.length, 'index', 'indexes')}`,
    findings: invalid.map((index) => ({
      ruleId: 'index-invalid',
      severity: 'error',
      message: `index ${shown(index.schema, index.name)} on ${shown(index.schema, index.table)} is INVALID: queries do not use it, yet every write maintains it${
        index.unique ? ' and it still rejects duplicate keys' : ''
      } — left by a CREATE INDEX CONCURRENTLY that failed (or one still running)`,
      help: `REINDEX INDEX CONCURRENTLY ${quoted(index.schema, index.name)}; — or DROP INDEX CONCURRENTLY ${quoted(index.schema, index.name)}; and create it again${
        index.unique ? ' once the duplicates are gone' : ''
      }`,
      evidence: { schema: index.schema, table: index.table, index: index.name, definition: index.definition },
    })),
  };
};

/** `CREATE [UNIQUE] INDEX name ON …` as `CREATE [UNIQUE] INDEX CONCURRENTLY name ON …`. */
export function concurrently(definition: string): string {
  return definition.replace(/^CREATE (UNIQUE )?INDEX /, 'CREATE $1INDEX CONCURRENTLY ');
}
