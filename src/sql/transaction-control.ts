import type { Statement } from './statement.js';

export type TransactionControl =
  | 'begin'
  | 'commit'
  | 'rollback'
  | 'savepoint'
  | 'release-savepoint'
  | 'rollback-to-savepoint'
  | 'prepare-transaction'
  | 'commit-prepared'
  | 'rollback-prepared';

const CONTROL_OF: Readonly<Record<string, TransactionControl>> = {
  TRANS_STMT_BEGIN: 'begin',
  TRANS_STMT_START: 'begin',
  TRANS_STMT_COMMIT: 'commit',
  TRANS_STMT_ROLLBACK: 'rollback',
  TRANS_STMT_SAVEPOINT: 'savepoint',
  TRANS_STMT_RELEASE: 'release-savepoint',
  TRANS_STMT_ROLLBACK_TO: 'rollback-to-savepoint',
  TRANS_STMT_PREPARE: 'prepare-transaction',
  TRANS_STMT_COMMIT_PREPARED: 'commit-prepared',
  TRANS_STMT_ROLLBACK_PREPARED: 'rollback-prepared',
};

/** BEGIN / START TRANSACTION, COMMIT / END, ROLLBACK / ABORT, savepoints, two-phase commit. */
export function transactionControlOf(statement: Statement): TransactionControl | undefined {
  return statement.kind === 'TransactionStmt' ? CONTROL_OF[statement.ast.kind ?? ''] : undefined;
}

interface DefElemNode {
  readonly DefElem?: { readonly defname?: string; readonly arg?: unknown };
}

/**
 * Why a statement cannot run inside a transaction block (PostgreSQL's PreventInTransactionBlock),
 * e.g. 'CREATE INDEX CONCURRENTLY'; undefined when it can. Replay and deploy run such statements
 * outside the migration's transaction, or refuse to wrap the file in one.
 */
export function noTransactionBlockReason(statement: Statement): string | undefined {
  switch (statement.kind) {
    case 'IndexStmt':
      return statement.ast.concurrent ? 'CREATE INDEX CONCURRENTLY' : undefined;
    case 'DropStmt':
      return statement.ast.concurrent ? 'DROP INDEX CONCURRENTLY' : undefined;
    case 'ReindexStmt': {
      if (hasOption(statement.ast.params, 'concurrently')) return 'REINDEX CONCURRENTLY';
      if (statement.ast.kind === 'REINDEX_OBJECT_SYSTEM') return 'REINDEX SYSTEM';
      return statement.ast.kind === 'REINDEX_OBJECT_DATABASE' ? 'REINDEX DATABASE' : undefined;
    }
    case 'VacuumStmt':
      // ANALYZE alone may run in a transaction; VACUUM (with or without ANALYZE) may not.
      return statement.ast.is_vacuumcmd ? 'VACUUM' : undefined;
    case 'ClusterStmt':
      return statement.ast.relation ? undefined : 'CLUSTER without a table';
    case 'CreatedbStmt':
      return 'CREATE DATABASE';
    case 'DropdbStmt':
      return 'DROP DATABASE';
    case 'AlterDatabaseStmt':
      return hasOption(statement.ast.options, 'tablespace') ? 'ALTER DATABASE SET TABLESPACE' : undefined;
    case 'AlterSystemStmt':
      return 'ALTER SYSTEM';
    case 'CreateTableSpaceStmt':
      return 'CREATE TABLESPACE';
    case 'DropTableSpaceStmt':
      return 'DROP TABLESPACE';
    case 'DiscardStmt':
      return statement.ast.target === 'DISCARD_ALL' ? 'DISCARD ALL' : undefined;
    case 'AlterTableStmt': {
      const detaches = (statement.ast.cmds ?? []).some((cmd) => {
        const command = (cmd as { AlterTableCmd?: { subtype?: string; def?: { PartitionCmd?: { concurrent?: boolean } } } }).AlterTableCmd;
        return command?.subtype === 'AT_DetachPartition' && command.def?.PartitionCmd?.concurrent === true;
      });
      return detaches ? 'ALTER TABLE … DETACH PARTITION CONCURRENTLY' : undefined;
    }
    case 'CreateSubscriptionStmt':
      // create_slot defaults to true; connect = false implies no slot.
      return optionIsFalse(statement.ast.options, 'create_slot') || optionIsFalse(statement.ast.options, 'connect')
        ? undefined
        : 'CREATE SUBSCRIPTION with a replication slot';
    case 'AlterSubscriptionStmt': {
      const kind = statement.ast.kind ?? '';
      if (kind === 'ALTER_SUBSCRIPTION_REFRESH') return 'ALTER SUBSCRIPTION … REFRESH PUBLICATION';
      const publication = /^ALTER_SUBSCRIPTION_(SET|ADD|DROP)_PUBLICATION$/.test(kind);
      return publication && !optionIsFalse(statement.ast.options, 'refresh') ? 'ALTER SUBSCRIPTION … PUBLICATION with refresh' : undefined;
    }
    case 'DropSubscriptionStmt':
      // Only when the subscription still has a slot, which the statement alone cannot tell.
      return 'DROP SUBSCRIPTION (when it has a replication slot)';
    case 'TransactionStmt': {
      const control = transactionControlOf(statement);
      return control === 'commit-prepared' || control === 'rollback-prepared' ? control.toUpperCase().replace('-', ' ') : undefined;
    }
    case 'DoStmt':
      return commitsInside(statement.body?.ast) ? 'DO block with COMMIT or ROLLBACK' : undefined;
    default:
      return undefined;
  }
}

export interface TransactionUse {
  /** The file has its own BEGIN/START TRANSACTION. */
  readonly begins: boolean;
  /** The file ends transactions itself (COMMIT/END/ROLLBACK/ABORT). */
  readonly ends: boolean;
  readonly controls: readonly { readonly statement: Statement; readonly control: TransactionControl }[];
  readonly nonTransactional: readonly { readonly statement: Statement; readonly reason: string }[];
}

/** How a file uses transactions: whether it manages its own, and what must run outside one. */
export function describeTransactionUse(statements: readonly Statement[]): TransactionUse {
  const controls: { statement: Statement; control: TransactionControl }[] = [];
  const nonTransactional: { statement: Statement; reason: string }[] = [];
  for (const statement of statements) {
    const control = transactionControlOf(statement);
    if (control) controls.push({ statement, control });
    const reason = noTransactionBlockReason(statement);
    if (reason) nonTransactional.push({ statement, reason });
  }
  return {
    begins: controls.some(({ control }) => control === 'begin'),
    ends: controls.some(({ control }) => control === 'commit' || control === 'rollback'),
    controls,
    nonTransactional,
  };
}

function hasOption(options: readonly unknown[] | undefined, name: string): boolean {
  return (options ?? []).some((option) => (option as DefElemNode).DefElem?.defname === name);
}

function optionIsFalse(options: readonly unknown[] | undefined, name: string): boolean {
  const option = (options ?? []).map((o) => (o as DefElemNode).DefElem).find((element) => element?.defname === name);
  const value = (option?.arg as { String?: { sval?: string }; Boolean?: { boolval?: boolean } } | undefined) ?? undefined;
  if (!option || !value) return false;
  if (value.Boolean) return value.Boolean.boolval !== true;
  return /^(false|off|no|0)$/i.test(value.String?.sval ?? '');
}

// A DO block that commits cannot run inside a transaction block ("invalid transaction termination").
function commitsInside(node: unknown): boolean {
  if (node === null || typeof node !== 'object') return false;
  if (Array.isArray(node)) return node.some(commitsInside);
  return Object.entries(node).some(
    ([key, value]) => key === 'PLpgSQL_stmt_commit' || key === 'PLpgSQL_stmt_rollback' || (key !== 'datums' && commitsInside(value)),
  );
}
