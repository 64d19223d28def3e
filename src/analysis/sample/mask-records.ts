import { PgPreflightError } from '../../core/pgpreflight-error.js';
import { fakeKindOf, type Faker } from './faker.js';
import { columnKey, type ColumnKey } from './masked-columns.js';
import type { TableRows } from './read-sample.js';
import { parseRecordText, recordText } from './record-text.js';

export interface MaskedSample {
  readonly tables: readonly TableRows[];
  /** `schema.table.column` of every column replaced by fakes. */
  readonly faked: readonly string[];
  /** Masked columns of a type no fake exists for (boolean, arrays, …): copied as NULL. */
  readonly nulled: readonly string[];
}

/**
 * Replaces the values of masked columns before they reach the shadow: by a fake of the same type,
 * or, for a type without fakes, by NULL. A NOT NULL column of such a type cannot be masked at all:
 * that is a configuration error, never a copy of the real value.
 */
export function maskRecords(tables: readonly TableRows[], masked: ReadonlySet<ColumnKey>, faker: Faker): MaskedSample {
  const faked: string[] = [];
  const nulled: string[] = [];
  const out = tables.map((rows): TableRows => {
    const plan = rows.table.columns.flatMap((column, index) => {
      if (!masked.has(columnKey(rows.table.schema, rows.table.name, column.name))) return [];
      const label = `${rows.table.schema}.${rows.table.name}.${column.name}`;
      const kind = fakeKindOf(column.baseType, column.category);
      if (kind === undefined && column.notNull) {
        throw new PgPreflightError(
          'CONFIG_INVALID',
          `mask: ${label} is NOT NULL and of type ${column.baseType}, for which there is no fake`,
          {
            hint: 'narrow the mask pattern so it does not match this column; its real values are never copied',
          },
        );
      }
      (kind ? faked : nulled).push(label);
      return [{ index, kind }];
    });
    if (plan.length === 0) return rows;
    const records = rows.records.map((record) => {
      const fields = parseRecordText(record);
      for (const { index, kind } of plan) {
        const value = fields[index];
        if (value !== null && value !== undefined) fields[index] = kind ? faker.fake(kind, value) : null;
      }
      return recordText(fields);
    });
    return { ...rows, records };
  });
  return { tables: out, faked, nulled };
}
