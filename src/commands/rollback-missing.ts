import type { Finding } from '../core/finding.js';
import type { RollbackLookup } from '../migrations/find-rollback.js';
import type { Migration } from '../migrations/migration.js';

/**
 * The protocol's "write the rollback script first", for `check` and `rehearse` alike: a level-2 or
 * level-3 migration has no rollback where its tool keeps them, nor a declaration that it is
 * irreversible. A warning: nothing fails for want of it, and whether to write one is the team's
 * decision — a project that adopted the protocol makes it an error (`policy: { rollbacks:
 * 'required' }` or `rules`). Undefined when nothing is missing.
 */
export function rollbackMissingFinding(
  migration: Pick<Migration, 'id' | 'path'>,
  lookup: RollbackLookup,
  level: number | null,
): Finding | undefined {
  if (lookup.kind !== 'missing' || level === null || level < 2) return undefined;
  return {
    ruleId: 'rollback-missing',
    severity: 'warning',
    message: `a level-${level} migration without a rollback (expected at ${lookup.expected})`,
    help: `write a proven one with \`pgpreflight rollback generate ${migration.id}\` (then \`pgpreflight rehearse\` round-trips it), or declare the migration irreversible with a reason: -- pgpreflight: irreversible <reason>`,
    migration: migration.id,
    file: migration.path,
    evidence: { expected: lookup.expected, level },
  };
}
