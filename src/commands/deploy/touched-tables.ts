import { statementTouches } from '../../analysis/effects/statement-touches.js';
import type { Migration } from '../../migrations/migration.js';
import { parseSql } from '../../sql/parse-sql.js';

/** Tables the migrations name: the ones a blocking session's lock would make them wait for. */
export async function touchedTables(migrations: readonly Pick<Migration, 'sql' | 'path'>[]): Promise<{ schema?: string; name: string }[]> {
  const seen = new Map<string, { schema?: string; name: string }>();
  for (const migration of migrations) {
    const { statements } = await parseSql(migration.sql, { file: migration.path, bodies: false });
    for (const statement of statements) {
      for (const table of statementTouches(statement).tables) seen.set(`${table.schema ?? ''}.${table.name}`, table);
    }
  }
  return [...seen.values()];
}
