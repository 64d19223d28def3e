import { expect, it } from 'vitest';
import { createPrismaTarget } from '../support/prisma-history.js';
import { runCliProcess } from '../support/run-cli.js';
import { adminQuery, describeServer } from '../support/test-database.js';
import { deployJson, prismaProject } from './deploy-fixtures.js';

const INIT = 'CREATE TABLE item (id bigint PRIMARY KEY, name text);\n';
const INDEX = 'CREATE UNIQUE INDEX CONCURRENTLY item_name_key ON item (name);\n';

/*
 * A concurrent build runs outside any transaction: when it fails it leaves an INVALID index, which
 * deploy drops. The report must say that (issue 20, 6.3), not that "PostgreSQL rolled all of it back".
 */
describeServer('deploy: a failed concurrent unique build', () => {
  it('says it ran outside a transaction, names the INVALID index it dropped, leaves none behind, and names the command that unblocks the next deploy', async () => {
    const target = await createPrismaTarget(
      'pgpreflight_deploy_concurrent',
      { '20240101000000_init': INIT },
      "INSERT INTO item VALUES (1, 'a'), (2, 'a')",
    );
    const project = prismaProject({ '20240101000000_init': INIT, '20240102000000_index': INDEX });
    try {
      // The duplicates are found by check first; accepted here to reach the failure itself.
      const { run, json } = await deployJson(project, [
        '--url',
        target.url,
        '--accept',
        'unique-duplicates:20240102000000_index=the failure path',
      ]);
      expect(run.code, run.stderr).toBe(1);
      const failed = json.findings.find((f: { ruleId: string }) => f.ruleId === 'migration-failed-on-target');
      expect(failed.message).toContain('23505');
      expect(failed.help).toContain('outside a transaction');
      expect(failed.help).toContain('INVALID index public.item_name_key');
      expect(failed.help).not.toContain('ran in one transaction');
      const rollback = json.steps.find((s: { name: string }) => s.name === 'rollback');
      expect(rollback.detail).toContain('INVALID index public.item_name_key');
      const left = await adminQuery(target.url, "SELECT count(*)::int AS n FROM pg_class WHERE relname = 'item_name_key'");
      expect(left.rows[0].n).toBe(0);

      // The hint names the command that works (issue 20, 6.2): Prisma's history keeps the failed row,
      // so "deploy again" alone is refused until it is resolved.
      expect(failed.help).toContain('pgpreflight resolve 20240102000000_index --rolled-back');
      const blocked = await deployJson(project, ['--url', target.url]);
      expect(blocked.run.code).toBe(1);
      await adminQuery(target.url, 'DELETE FROM item WHERE id = 2');
      const resolved = await runCliProcess(['resolve', '20240102000000_index', '--rolled-back', '--url', target.url], {
        cwd: project.root,
      });
      expect(resolved.code, resolved.stderr).toBe(0);
      const again = await deployJson(project, ['--url', target.url]);
      expect(again.run.code, again.run.stderr).toBe(0);
      expect(again.json.outcome).toBe('deployed');
    } finally {
      project.remove();
      await target.drop();
    }
  }, 120_000);
});
