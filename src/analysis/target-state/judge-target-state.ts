import type { Finding } from '../../core/finding.js';
import { withReadOnlyTransaction, type ReadOnlyOptions } from '../../db/read-only.js';
import type { DatabaseClient } from '../../db/database-client.js';
import type { Statement } from '../../sql/statement.js';
import { judgeAlterDropIfExists, judgeDropIfExists } from './drop-if-exists.js';
import { judgeIdsAheadOfSequence } from './ids-ahead-of-sequence.js';
import { judgeIndexIfNotExists } from './index-if-not-exists.js';
import { judgeNameTaken } from './name-taken.js';
import { judgeReplaceFunction } from './replace-function.js';
import { judgeReplaceView } from './replace-view.js';
import { judgeSeedRows } from './seed-rows-on-conflict.js';
import { judgeColumnIfNotExists, judgeTableIfNotExists } from './table-if-not-exists.js';
import type { TargetRowsInput, TargetStateInput } from './target-state-input.js';

export interface TargetStateOptions extends Omit<TargetStateInput, 'touched'> {
  /** The target (read-only: rows and sequences are read in one READ ONLY transaction). */
  readonly targetClient: DatabaseClient;
  readonly shadow: DatabaseClient;
  readonly readOnly?: ReadOnlyOptions;
  readonly touched: TargetStateInput['touched'];
}

/**
 * Each statement of one pending migration against what the target holds (issue 15 item 4): the
 * forms whose outcome depends on the target's state — IF NOT EXISTS, IF EXISTS, CREATE OR REPLACE,
 * ON CONFLICT DO NOTHING, explicit ids — which the shadow, built from the history, cannot judge
 * when the target has drifted from it. `touched` carries what earlier pending statements change
 * and is updated with this migration's.
 */
export async function judgeTargetState(options: TargetStateOptions): Promise<Finding[]> {
  const { targetClient, readOnly, ...input } = options;
  const findings: Finding[] = [];
  const rowJudged: { readonly statement: Extract<Statement, { kind: 'InsertStmt' }>; readonly touched: TargetStateInput['touched'] }[] = [];
  for (const statement of input.statements) {
    findings.push(...judgeCatalog(input, statement));
    if (statement.kind === 'InsertStmt') rowJudged.push({ statement, touched: input.touched.snapshot() });
    input.touched.record(statement, input.target.objects);
  }
  if (rowJudged.length) {
    // One read-only transaction for every row question of the migration.
    const read = await withReadOnlyTransaction(
      targetClient,
      async (targetTx) => {
        const out: Finding[] = [];
        for (const { statement, touched } of rowJudged) {
          const rowsInput: TargetRowsInput = { ...input, touched, targetTx };
          out.push(...(await judgeSeedRows(rowsInput, statement)), ...(await judgeIdsAheadOfSequence(rowsInput, statement)));
        }
        return out;
      },
      readOnly,
    );
    findings.push(...read);
  }
  return findings.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}

function judgeCatalog(input: TargetStateInput, statement: Statement): Finding[] {
  switch (statement.kind) {
    case 'IndexStmt':
      return [...judgeIndexIfNotExists(input, statement), ...judgeNameTaken(input, statement)];
    case 'CreateStmt':
      return [...judgeTableIfNotExists(input, statement), ...judgeNameTaken(input, statement)];
    case 'AlterTableStmt':
      return [...judgeColumnIfNotExists(input, statement), ...judgeAlterDropIfExists(input, statement)];
    case 'ViewStmt':
      return judgeReplaceView(input, statement);
    case 'CreateFunctionStmt':
      return judgeReplaceFunction(input, statement);
    case 'DropStmt':
      return judgeDropIfExists(input, statement);
    default:
      return [];
  }
}
