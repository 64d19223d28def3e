import { PgPreflightError } from '../core/pgpreflight-error.js';
import type { CatalogMappingContext } from './catalog-query.js';

export interface RawRelationName {
  readonly relid: number;
  readonly schema_name: string;
  readonly table_name: string;
}

export interface RawColumnName {
  readonly relid: number;
  readonly attnum: number;
  readonly column_name: string;
}

type RelationLookup = Omit<CatalogMappingContext, 'serverVersionNum'>;

/**
 * relid → name and attnum → column name and position, built from the tables and columns areas, for
 * every other area to use. A miss is our bug, not the server's: one statement reads every area
 * from one catalog snapshot.
 */
export function relationLookup(tables: readonly RawRelationName[], columns: readonly RawColumnName[]): RelationLookup {
  const relations = new Map(tables.map((table) => [table.relid, { schema: table.schema_name, name: table.table_name }]));
  const names = new Map<number, Map<number, string>>();
  for (const column of columns) {
    let relation = names.get(column.relid);
    if (!relation) names.set(column.relid, (relation = new Map()));
    relation.set(column.attnum, column.column_name);
  }
  const positions = new Map<number, Map<number, number>>();
  for (const [relid, columnsOf] of names) {
    positions.set(relid, new Map([...columnsOf.keys()].sort((a, b) => a - b).map((attnum, index) => [attnum, index + 1])));
  }
  const missing = (what: string) => new PgPreflightError('INTERNAL', `catalog snapshot: no ${what}`, { hint: 'please report this' });
  return {
    relation: (relid) => {
      const relation = relations.get(relid);
      if (!relation) throw missing(`relation ${relid}`);
      return relation;
    },
    columnNames: (relid, attnums) =>
      attnums.map((attnum) => {
        const name = names.get(relid)?.get(attnum);
        if (name === undefined) throw missing(`column ${attnum} in relation ${relid}`);
        return name;
      }),
    columnPosition: (relid, attnum) => {
      const position = positions.get(relid)?.get(attnum);
      if (position === undefined) throw missing(`column ${attnum} in relation ${relid}`);
      return position;
    },
  };
}
