/**
 * How a migration tool sends one file to PostgreSQL — the one model every transaction-scoped lint
 * rule asks (which statements share a transaction, whether CONCURRENTLY can run):
 * - `one-transaction`: the tool wraps the file in a transaction of its own (dbmate, Flyway, the
 *   Supabase CLI's pipeline with its history row);
 * - `one-script`: the file goes in one call, which PostgreSQL runs as one implicit transaction
 *   until the file's own COMMIT (golang-migrate, Prisma before 7.4, dbmate `transaction:false`);
 * - `statement-by-statement`: each statement commits on its own unless the file opens a
 *   transaction (Prisma 7.4+, Flyway `executeInTransaction=false`).
 */
export type SendMode = 'one-transaction' | 'one-script' | 'statement-by-statement';

/**
 * What the tool does with a statement that cannot run in a transaction block (CREATE INDEX
 * CONCURRENTLY, VACUUM…): `in-place` sends it like any other; `alone` runs it by itself, outside
 * the transaction; `file-without-transaction` (Flyway) runs the whole file statement by statement.
 */
export type NonTransactionalHandling = 'in-place' | 'alone' | 'file-without-transaction';

export interface FileDelivery {
  /** Who runs the file, as messages name it: "dbmate", "Prisma 7.4.0", "golang-migrate". */
  readonly runner: string;
  readonly mode: SendMode;
  readonly nonTransactional: NonTransactionalHandling;
  /** With `alone`: the statements (noTransactionBlockReason) the tool runs alone; absent: all of them. */
  readonly aloneReasons?: readonly string[];
  /** Flyway `mixed`: a file mixing both kinds is accepted; undefined when no config file says. */
  readonly mixed?: boolean;
  /** Set when pgpreflight could not tell how the file is sent: what it assumed, in words. */
  readonly assumption?: string;
}

/** A file no known tool layout claims (or named on its own): the common case, stated as an assumption. */
export const UNKNOWN_DELIVERY: FileDelivery = {
  runner: 'the migration tool',
  mode: 'one-script',
  nonTransactional: 'in-place',
  assumption:
    'no known tool layout: assuming the file is sent as one script, one implicit transaction, as golang-migrate and Prisma before 7.4 do',
};

/** How the files of one layout are sent; `text` is the whole file as written (a dbmate file with its markers). */
export type DeliveryReader = (file: { readonly absolutePath: string; readonly text: string }) => FileDelivery;
