import { PgPreflightError } from '../../core/pgpreflight-error.js';
import { copyDecode, copyEncode } from './copy-text.js';
import { fakeKindOf, type FakeKind, type Faker } from './faker.js';
import { columnKey, type ColumnKey } from './masked-columns.js';
import type { ShadowColumn, ShadowTable } from './shadow-tables.js';

export interface MaskPlan {
  /** `schema.table.column` of every column replaced by fakes. */
  readonly faked: readonly string[];
  /** Masked columns of a type no fake exists for (boolean, arrays, …): copied as NULL. */
  readonly nulled: readonly string[];
  /** Per masked column key: its fake kind, or null for NULL. */
  readonly kinds: ReadonlyMap<ColumnKey, FakeKind | null>;
}

/**
 * How each masked column of the shadow's tables is replaced: by a fake of its type, or, for a type
 * without fakes, by NULL. A NOT NULL column of such a type cannot be masked at all: that is a
 * configuration error, raised before any row is read — never a copy of the real value.
 */
export function planMasks(tables: readonly ShadowTable[], masked: ReadonlySet<ColumnKey>): MaskPlan {
  const faked: string[] = [];
  const nulled: string[] = [];
  const kinds = new Map<ColumnKey, FakeKind | null>();
  for (const table of tables) {
    for (const column of table.columns) {
      const key = columnKey(table.schema, table.name, column.name);
      if (column.generated || !masked.has(key)) continue;
      const label = `${table.schema}.${table.name}.${column.name}`;
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
      kinds.set(key, kind ?? null);
    }
  }
  return { faked, nulled, kinds };
}

/** COPY lines of `table` (fields in `columns` order) with the masked fields replaced. */
export function maskLines(
  table: ShadowTable,
  columns: readonly ShadowColumn[],
  lines: readonly string[],
  plan: MaskPlan,
  faker: Faker,
): readonly string[] {
  const masked = columns.flatMap((column, index) => {
    const kind = plan.kinds.get(columnKey(table.schema, table.name, column.name));
    return kind === undefined ? [] : [{ index, kind }];
  });
  if (masked.length === 0) return lines;
  return lines.map((line) => {
    const fields = line.split('\t');
    for (const { index, kind } of masked) {
      const value = copyDecode(fields[index]!);
      if (value !== null) fields[index] = copyEncode(kind ? faker.fake(kind, value) : null);
    }
    return fields.join('\t');
  });
}
