import type { CatalogObjects, QualifiedName } from '../../catalog/catalog-snapshot.js';
import type { ProbeRequest } from './probe-request.js';

/**
 * One question per thing PostgreSQL checks. A change on a partitioned table shows in the catalog
 * on the parent and again on every partition (each gets its copy of the constraint, index or
 * column change), while PostgreSQL checks each row once, in its partition. The parent's probe
 * reads every partition (querying a partitioned table does), so a partition's copy of a question
 * the parent asks is dropped. ADD PRIMARY KEY makes its columns NOT NULL: the catalog shows that
 * as SET NOT NULL too, and the column is asked once, as the primary key's.
 */
export function distinctRequests<T extends ProbeRequest>(requests: readonly T[], after: CatalogObjects): T[] {
  const subjects = new Set(requests.map((r) => key(r.table, subject(r))));
  const ancestors = (table: QualifiedName): QualifiedName[] => {
    const found: QualifiedName[] = [];
    let parent = after.tables.find((t) => t.schema === table.schema && t.name === table.name)?.partitionOf ?? null;
    while (parent && found.length < 32) {
      found.push(parent);
      const next: QualifiedName = parent;
      parent = after.tables.find((t) => t.schema === next.schema && t.name === next.name)?.partitionOf ?? null;
    }
    return found;
  };
  const primaryKeyColumns = new Set(
    requests.filter((r) => r.kind === 'not-null' && r.reason === 'primary-key').map((r) => key(r.table, subject(r))),
  );
  return requests.filter((request) => {
    if (ancestors(request.table).some((a) => subjects.has(key(a, subject(request))))) return false;
    const repeatedNotNull = request.kind === 'not-null' && request.reason === 'set-not-null';
    return !(repeatedNotNull && primaryKeyColumns.has(key(request.table, subject(request))));
  });
}

/** What a request asks about, apart from the table: the same on a parent and its partitions. */
function subject(request: ProbeRequest): string {
  switch (request.kind) {
    case 'unique':
      // A partition's index is named after the partition; its keys are the parent's.
      return JSON.stringify([request.kind, request.keys, request.predicate, request.nullsNotDistinct]);
    case 'check':
    case 'foreign-key':
    case 'exclusion':
      return JSON.stringify([request.kind, request.constraint]);
    case 'not-null':
      return JSON.stringify(['not-null', request.column]);
    case 'partition-bound':
      return JSON.stringify([request.kind, request.partition.schema, request.partition.name, request.reason]);
    default:
      return JSON.stringify([request.kind, request.column]);
  }
}

const key = (table: QualifiedName, subject: string): string => JSON.stringify([table.schema, table.name, subject]);
