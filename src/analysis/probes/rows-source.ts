import type { QualifiedName } from '../../catalog/catalog-snapshot.js';
import { quoteQualifiedName } from '../../sql/quote-identifier.js';

/**
 * Where a probe reads a table's rows from: the table itself, or the rows as the statements before
 * the probed change leave them (a chain of CTEs built in rows-model/). A probe query is
 * `${with}SELECT … FROM ${relation(table)}`; columns are qualified with the same relation.
 */
export interface RowsSource {
  readonly with: string;
  readonly relation: (table: QualifiedName) => string;
  readonly modelled: boolean;
}

export const TABLE_ROWS: RowsSource = {
  with: '',
  relation: (table) => quoteQualifiedName(table.schema, table.name),
  modelled: false,
};
