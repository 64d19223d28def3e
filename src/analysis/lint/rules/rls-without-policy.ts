import type { LintRule } from '../lint-rule.js';
import { alterCommands, table } from '../alter-commands.js';
import { relationOf, tableKey } from '../lint-file.js';

export const rlsWithoutPolicy: LintRule = {
  id: 'rls-without-policy',
  category: 'hygiene',
  severity: 'info',
  summary: 'row-level security enabled on a table the migration gives no policy',
  rationale:
    'With RLS enabled and no policy, every role but the owner and superusers sees no rows and can write none: the application suddenly reads empty tables.',
  help: 'create the policies in the same migration (or check that the table already has them: `pgpreflight verify` lists tables without)',
  examples: {
    bad: ['ALTER TABLE notes ENABLE ROW LEVEL SECURITY;'],
    good: ['ALTER TABLE notes ENABLE ROW LEVEL SECURITY;\nCREATE POLICY notes_owner ON notes USING (owner = current_user);'],
  },
  check(file) {
    const withPolicy = new Set(
      file.statements
        .filter((s) => s.kind === 'CreatePolicyStmt')
        .map((s) => relationOf(s.ast, 'table'))
        .filter((t) => t !== undefined)
        .map((t) => tableKey(t!)),
    );
    return alterCommands(file.statements)
      .filter((c) => c.subtype === 'AT_EnableRowSecurity' && !withPolicy.has(tableKey(c.table)))
      .map((c) => ({
        statement: c.statement,
        table: c.table,
        message: `enables row-level security on ${table(c.table)} and creates no policy for it`,
      }));
  },
};
