import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Workflow } from '../../analysis/workflows/run-workflow.js';
import type { ResolvedConfig } from '../../config/config-schema.js';
import { PgPreflightError } from '../../core/pgpreflight-error.js';

/** Config `workflows` with their SQL files read (paths relative to the config file's folder). */
export async function loadWorkflows(config: ResolvedConfig['workflows'], baseDir: string): Promise<Workflow[]> {
  return Promise.all(
    (config ?? []).map(async (workflow, i): Promise<Workflow> => {
      const timeout = workflow.timeoutMs !== undefined ? { timeoutMs: workflow.timeoutMs } : {};
      if (workflow.run) return { name: workflow.name, run: workflow.run, ...timeout };
      const file = path.resolve(baseDir, workflow.sql!);
      try {
        return { name: workflow.name, sql: await readFile(file, 'utf8'), ...timeout };
      } catch {
        throw new PgPreflightError('CONFIG_INVALID', `workflows[${i}].sql: ${workflow.sql} cannot be read`, {
          hint: `the path is relative to the config file's folder (${baseDir})`,
        });
      }
    }),
  );
}
