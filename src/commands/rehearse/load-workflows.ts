import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Workflow } from '../../analysis/workflows/run-workflow.js';
import type { ResolvedConfig } from '../../config/config-schema.js';
import { PgPreflightError } from '../../core/pgpreflight-error.js';
import { userScriptStatements } from '../../sql/user-sql.js';

/** Config `workflows` with their SQL files read (paths relative to the config file's folder). */
export async function loadWorkflows(config: ResolvedConfig['workflows'], baseDir: string): Promise<Workflow[]> {
  return Promise.all(
    (config ?? []).map(async (workflow, i): Promise<Workflow> => {
      const timeout = workflow.timeoutMs !== undefined ? { timeoutMs: workflow.timeoutMs } : {};
      if (workflow.run) return { name: workflow.name, run: workflow.run, ...timeout };
      const file = path.resolve(baseDir, workflow.sql!);
      let sql: string;
      try {
        sql = await readFile(file, 'utf8');
      } catch {
        throw new PgPreflightError('CONFIG_INVALID', `workflows[${i}].sql: ${workflow.sql} cannot be read`, {
          hint: `the path is relative to the config file's folder (${baseDir})`,
        });
      }
      // Refused at load, before deploy or rehearse touches a database.
      await userScriptStatements(sql, `workflows[${i}].sql (${workflow.sql})`);
      return { name: workflow.name, sql, ...timeout };
    }),
  );
}
