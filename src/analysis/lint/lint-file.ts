import { UNKNOWN_DELIVERY, type FileDelivery } from '../../migrations/file-delivery.js';
import type { Statement } from '../../sql/statement.js';
import { transactionBlocks, type TransactionBlocks } from './transaction-blocks.js';

/**
 * A statement as rules see it: a top-level statement of the file, or one inside a DO block or a
 * function body the migration creates, with its line in the file.
 */
export interface LintStatement {
  readonly kind: string;
  readonly ast: Readonly<Record<string, unknown>>;
  readonly text: string;
  readonly line: number;
  readonly column: number;
  /** Top-level statements only: the parsed statement (spans for the code frame). */
  readonly statement?: Statement;
  /** Inside a DO block or a function body: runs when the block or function runs. */
  readonly inBody: boolean;
}

export interface TableRef {
  readonly schema?: string;
  readonly name: string;
}

/** A migration file as the rules read it. */
export interface LintFile {
  readonly path: string;
  readonly statements: readonly LintStatement[];
  /** Top-level statements only, in order. */
  readonly topLevel: readonly LintStatement[];
  /** How the file's tool sends it (UNKNOWN_DELIVERY, an assumption, when no layout tells). */
  readonly delivery: FileDelivery;
  /** Which statements share a transaction: the file's own blocks and the tool's wrapper. */
  readonly transactions: TransactionBlocks;
  /** The PostgreSQL major version the rules judge for: the target's, else config `lint.postgresVersion`. */
  readonly postgresMajor: number;
  /** The target already has a validated CHECK (column IS NOT NULL) on the table. */
  hasValidatedNotNullCheck(table: TableRef, column: string): boolean;
  /** Created earlier in this file (before `before`), or by an earlier pending migration. */
  isNewTable(table: TableRef, before: LintStatement): boolean;
  /** A column's type before the migration (format_type), when a catalog is at hand. */
  columnType(table: TableRef, column: string): string | undefined;
}

export function tableKey(table: TableRef): string {
  return `${table.schema ?? 'public'}.${table.name}`;
}

type AnyNode = Readonly<Record<string, unknown>>;

/** The RangeVar of a statement's `relation`, as a TableRef. */
export function relationOf(ast: AnyNode, field = 'relation'): TableRef | undefined {
  const range = ast[field] as { schemaname?: string; relname?: string } | undefined;
  if (!range?.relname) return undefined;
  return range.schemaname ? { schema: range.schemaname, name: range.relname } : { name: range.relname };
}

export interface LintFileInput {
  readonly path: string;
  readonly statements: readonly Statement[];
  /** Tables created by earlier pending migrations (schema.name). */
  readonly createdBefore?: ReadonlySet<string>;
  readonly columnType?: (table: TableRef, column: string) => string | undefined;
  readonly delivery?: FileDelivery;
  readonly postgresMajor?: number;
  readonly validatedNotNullCheck?: (table: TableRef, column: string) => boolean;
}

/** Assumed without a target or a `lint.postgresVersion` setting: the oldest major the community still supports. */
export const DEFAULT_POSTGRES_MAJOR = 15;

/** Builds the rules' view of a file: statements, those inside bodies, and what the file creates. */
export function lintFile(input: LintFileInput): LintFile {
  const topLevel: LintStatement[] = input.statements.map((s) => ({
    kind: s.kind,
    ast: s.ast as AnyNode,
    text: s.text,
    line: s.line,
    column: s.column,
    statement: s,
    inBody: false,
  }));
  const all: LintStatement[] = [];
  input.statements.forEach((s, i) => {
    all.push(topLevel[i]!);
    for (const item of s.body?.embedded ?? []) {
      if (item.kind !== 'statement' || !item.node) continue;
      const [kind, ast] = Object.entries(item.node)[0] as [string, AnyNode];
      all.push({ kind, ast, text: item.text, line: item.line, column: item.column ?? 1, inBody: true });
    }
  });
  const created = new Map<string, LintStatement>();
  for (const s of all) {
    const table =
      s.kind === 'CreateStmt'
        ? relationOf(s.ast)
        : s.kind === 'CreateTableAsStmt'
          ? relationOf((s.ast.into as AnyNode) ?? {}, 'rel')
          : undefined;
    if (table && !created.has(tableKey(table))) created.set(tableKey(table), s);
  }
  const delivery = input.delivery ?? UNKNOWN_DELIVERY;
  return {
    path: input.path,
    statements: all,
    topLevel,
    delivery,
    transactions: transactionBlocks(topLevel, delivery),
    postgresMajor: input.postgresMajor ?? DEFAULT_POSTGRES_MAJOR,
    hasValidatedNotNullCheck: (table, column) => input.validatedNotNullCheck?.(table, column) ?? false,
    columnType: (table, column) => input.columnType?.(table, column),
    isNewTable(table, before) {
      const key = tableKey(table);
      if (input.createdBefore?.has(key)) return true;
      const creator = created.get(key);
      return creator !== undefined && all.indexOf(creator) < all.indexOf(before);
    },
  };
}
