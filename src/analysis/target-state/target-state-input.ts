import type { CatalogObjects, CatalogSnapshot } from '../../catalog/catalog-snapshot.js';
import type { Finding, Severity } from '../../core/finding.js';
import type { DatabaseClient } from '../../db/database-client.js';
import type { Statement } from '../../sql/statement.js';
import type { TouchedObjects } from './touched-objects.js';

/** What a judge of one statement may look at. */
export interface TargetStateInput {
  readonly migration: { readonly id: string; readonly path: string };
  /** Every statement of the migration, in order (a judge may look at the later ones). */
  readonly statements: readonly Statement[];
  /** The target as it is before any pending migration. */
  readonly target: CatalogSnapshot;
  /** The shadow right before this migration, built from the history: what the migration was written against. */
  readonly before: CatalogObjects;
  /** The shadow right after it: the objects as the migration makes them. */
  readonly after: CatalogObjects;
  /** Objects the pending statements before this one change: the target's state no longer tells about them. */
  readonly touched: TouchedObjects;
}

/** A judge that reads the target's rows or sequences (read-only) besides its catalog. */
export interface TargetRowsInput extends TargetStateInput {
  /** The target, inside a read-only transaction. */
  readonly targetTx: DatabaseClient;
  /** The shadow: for a table the pending batch creates, its sequences are what the target's will be. */
  readonly shadow: DatabaseClient;
}

export function targetStateFinding(
  input: TargetStateInput,
  statement: Statement,
  fields: {
    readonly ruleId: string;
    readonly severity: Severity;
    readonly message: string;
    readonly help: string;
    readonly evidence: Readonly<Record<string, unknown>>;
  },
): Finding {
  return {
    ...fields,
    migration: input.migration.id,
    file: input.migration.path,
    line: statement.line,
    column: statement.column,
    evidence: { ...fields.evidence, statement: statement.text.length > 500 ? `${statement.text.slice(0, 499)}…` : statement.text },
  };
}

/** `schema.name`, or just the name in public, as findings show it. */
export function shownName(schema: string, name: string): string {
  return schema === 'public' ? name : `${schema}.${name}`;
}

/**
 * The schema an unqualified name means: where the migration's own view of the database (the shadow
 * after it, then before it) has an object of that name, public first; public when none has.
 */
export function resolveSchema(
  written: string | undefined,
  name: string,
  lists: readonly (readonly { readonly schema: string; readonly name: string }[])[],
): string {
  if (written) return written;
  for (const list of lists) {
    const found = list.filter((o) => o.name === name);
    if (found.some((o) => o.schema === 'public')) return 'public';
    if (found.length === 1) return found[0]!.schema;
  }
  return 'public';
}
