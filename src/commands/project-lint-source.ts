import { readFileSync } from 'node:fs';
import type { LintSource } from '../analysis/lint/lint-sources.js';
import type { MigrationProject } from '../migrations/load-migration-project.js';
import type { Migration } from '../migrations/migration.js';

/**
 * A project migration as lint reads it, with how its tool sends it (the format's delivery model);
 * a dbmate file's directives are on its `-- migrate:up` line, so its full text is read again.
 */
export function projectSource(project: MigrationProject, rel: (p: string) => string = (p) => p): (m: Migration) => LintSource {
  const deliveryOf = project.format.delivery(project.layout);
  return (m) => {
    const text = m.downSection !== undefined ? readFileSync(m.absolutePath, 'utf8') : m.sql;
    return { path: rel(m.path), id: m.id, sql: m.sql, delivery: deliveryOf({ absolutePath: m.absolutePath, text }) };
  };
}
