import type { CatalogObjects, CatalogTable, QualifiedName } from '../../catalog/catalog-snapshot.js';
import type { Effect } from '../../catalog/effect.js';
import { quoteLiteral, quoteQualifiedName } from '../../sql/quote-identifier.js';
import type { ProbeRequest } from './probe-request.js';

type PartitionBoundRequest = Omit<Extract<ProbeRequest, { kind: 'partition-bound' }>, 'id' | 'origin'>;

export interface PartitionBoundPlan {
  readonly requests: readonly PartitionBoundRequest[];
  readonly skipped: readonly { readonly table: QualifiedName; readonly what: string; readonly reason: string }[];
}

/**
 * What PostgreSQL scans when a partition gets its bound. ATTACH PARTITION checks every row of the
 * table attached against its partition constraint (23514 "partition constraint … is violated by
 * some row"); ATTACH and CREATE TABLE … PARTITION OF both check the parent's DEFAULT partition for
 * rows that belong in the new bound (23514 "updated partition constraint for default partition …
 * would be violated"). Each question is the partition constraint the shadow prints after the
 * migration, asked of the target's rows. DETACH checks nothing.
 */
export function partitionBoundProbes(effect: Effect, target: CatalogObjects, after: CatalogObjects): PartitionBoundPlan {
  const attached = effect.kind === 'partition-attached';
  const created = effect.kind === 'table-added' && effect.table.partitionOf !== null;
  if (!attached && !created) return { requests: [], skipped: [] };
  const partition = effect.table;
  const parent = partition.partitionOf!;
  const bound = partition.partitionBound ?? 'DEFAULT';
  const requests: PartitionBoundRequest[] = [];
  const skipped: { table: QualifiedName; what: string; reason: string }[] = [];
  const ask = (table: CatalogTable, reason: PartitionBoundRequest['reason']): void => {
    const name = { schema: table.schema, name: table.name };
    // PostgreSQL does not scan a foreign table it attaches (its rows are the remote server's); neither does the probe.
    if (find(target.tables, table)?.kind === 'foreign') return;
    const expression = onTarget(table.partitionConstraint, parent, target);
    if (expression === undefined) {
      skipped.push({
        table: name,
        what: `the partition bound of ${partition.name}`,
        reason: `the hash partitioning of ${parent.name} is new`,
      });
      return;
    }
    if (expression === null) return;
    requests.push({
      kind: 'partition-bound',
      table: name,
      partition: named(partition),
      parent,
      bound,
      expression,
      reason,
      columns: read(expression, table, target),
    });
  };
  if (attached && find(target.tables, partition)) ask(partition, 'attached-rows');
  const fallback = after.tables.find((t) => same(t.partitionOf, parent) && t.partitionBound === 'DEFAULT' && !same(t, partition));
  // The default partition as the target holds it: its rows are what the new bound is checked against.
  if (fallback && same(find(target.tables, fallback)?.partitionOf ?? null, parent)) ask(fallback, 'default-rows');
  return { requests, skipped };
}

/**
 * The constraint as the target can evaluate it. A hash bound is printed with the parent's OID in
 * the shadow (`satisfies_hash_partition('16385'::oid, …)`): on the target it is the parent's own;
 * undefined when the parent is not on the target yet.
 */
function onTarget(constraint: string | null, parent: QualifiedName, target: CatalogObjects): string | null | undefined {
  if (constraint === null || !constraint.includes('satisfies_hash_partition(')) return constraint;
  if (!find(target.tables, parent)) return undefined;
  const oid = `${quoteLiteral(quoteQualifiedName(parent.schema, parent.name))}::regclass::oid`;
  return constraint.replace(/satisfies_hash_partition\('\d+'::oid,/g, `satisfies_hash_partition(${oid},`);
}

/** The columns of the table the constraint names: the partition key, shown with each row. */
function read(expression: string, table: QualifiedName | CatalogTable, target: CatalogObjects): string[] {
  const name = named(table);
  return target.columns
    .filter((c) => c.schema === name.schema && c.table === name.name)
    .map((c) => c.name)
    .filter((c) => expression.includes(`"${c.replace(/"/g, '""')}"`) || new RegExp(`(^|[^\\w"])${escape(c)}([^\\w"]|$)`).test(expression));
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const named = (t: { readonly schema: string; readonly name: string }): QualifiedName => ({ schema: t.schema, name: t.name });
const same = (
  a: { readonly schema: string; readonly name: string } | null,
  b: { readonly schema: string; readonly name: string },
): boolean => a !== null && a.schema === b.schema && a.name === b.name;
const find = (tables: readonly CatalogTable[], t: { readonly schema: string; readonly name: string }): CatalogTable | undefined =>
  tables.find((x) => same(x, t));
