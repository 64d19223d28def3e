import type { CatalogQuery } from './catalog-query.js';
import type { CatalogConstraint, CatalogExclusion, ConstraintType, ForeignKeyAction } from './catalog-snapshot.js';

export interface RawConstraint {
  readonly relid: number;
  readonly constraint_name: string;
  readonly contype: string;
  readonly definition: string;
  readonly attnums: number[] | null;
  readonly validated: boolean;
  readonly deferrable: boolean;
  readonly initially_deferred: boolean;
  /** The referenced table of a foreign key, when it is in scope… */
  readonly ref_relid: number | null;
  readonly ref_attnums: number[] | null;
  /** …else [schema, table, ...columns], read here as the lookup does not know it. */
  readonly ref_outside: string[] | null;
  readonly on_delete: string;
  readonly on_update: string;
  readonly match_type: string;
  /** An EXCLUDE constraint's method, predicate and elements (attnum 0 for an expression key). */
  readonly exclusion: RawExclusion | null;
}

interface RawExclusion {
  readonly method: string;
  readonly predicate: string | null;
  readonly elements: readonly {
    readonly attnum: number;
    readonly expression: string | null;
    readonly operator_schema: string;
    readonly operator_name: string;
  }[];
}

// Read only for contype 'x', which is rare: the index behind the constraint gives the method, the
// WHERE and the text of each expression key; conexclop the operator of each element.
const EXCLUSION = `CASE WHEN con.contype = 'x' THEN
    (SELECT pg_catalog.json_build_object(
       'method', am.amname,
       'predicate', pg_catalog.pg_get_expr(ix.indpred, ix.indrelid),
       'elements', (SELECT pg_catalog.json_agg(pg_catalog.json_build_object(
                      'attnum', k.attnum,
                      'expression', CASE WHEN k.attnum = 0 THEN pg_catalog.pg_get_indexdef(con.conindid, k.ord::int, false) END,
                      'operator_schema', opn.nspname, 'operator_name', op.oprname) ORDER BY k.ord)
                      FROM ROWS FROM (pg_catalog.unnest(con.conkey), pg_catalog.unnest(con.conexclop)) WITH ORDINALITY AS k(attnum, opr, ord)
                      JOIN pg_catalog.pg_operator op ON op.oid = k.opr
                      JOIN pg_catalog.pg_namespace opn ON opn.oid = op.oprnamespace))
       FROM pg_catalog.pg_index ix
       JOIN pg_catalog.pg_class ic ON ic.oid = ix.indexrelid
       JOIN pg_catalog.pg_am am ON am.oid = ic.relam
      WHERE ix.indexrelid = con.conindid)
  END`;

const TYPES: Readonly<Record<string, ConstraintType>> = { c: 'check', f: 'foreign-key', u: 'unique', p: 'primary-key', x: 'exclusion' };
const ACTIONS: Readonly<Record<string, ForeignKeyAction>> = {
  a: 'no action',
  r: 'restrict',
  c: 'cascade',
  n: 'set null',
  d: 'set default',
};
const MATCH = { s: 'simple', f: 'full', p: 'partial' } as const;

/**
 * Table constraints. The contype filter is a version normalisation: PostgreSQL 18 (PGlite) also
 * stores every NOT NULL as a constraint row (contype 'n', named `<table>_<column>_not_null`), which
 * 15 does not; both record it in pg_attribute.attnotnull, so nullability is read from there (see
 * read-columns.ts) and 'n' rows are left out. Constraint triggers ('t') are listed as triggers.
 */
export const readConstraints: CatalogQuery<RawConstraint, CatalogConstraint> = {
  key: 'constraints',
  fields: {
    relid: true,
    constraint_name: true,
    contype: true,
    definition: true,
    attnums: true,
    validated: true,
    deferrable: true,
    initially_deferred: true,
    ref_relid: true,
    ref_attnums: true,
    ref_outside: true,
    on_delete: true,
    on_update: true,
    match_type: true,
    exclusion: true,
  },
  sql: () => `
SELECT r.oid AS relid, con.conname AS constraint_name, con.contype::text AS contype,
  pg_catalog.pg_get_constraintdef(con.oid) AS definition, con.conkey AS attnums,
  con.convalidated AS validated, con.condeferrable AS deferrable, con.condeferred AS initially_deferred,
  CASE WHEN con.contype = 'f' AND con.confrelid IN (SELECT s.oid FROM scope_relation s) THEN con.confrelid END AS ref_relid,
  con.confkey AS ref_attnums,
  CASE WHEN con.contype = 'f' AND con.confrelid NOT IN (SELECT s.oid FROM scope_relation s) THEN
    (SELECT ARRAY[fn.nspname::text, fc.relname::text] || ARRAY(
              SELECT a.attname::text FROM pg_catalog.unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord)
                JOIN pg_catalog.pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.ord)
       FROM pg_catalog.pg_class fc JOIN pg_catalog.pg_namespace fn ON fn.oid = fc.relnamespace
      WHERE fc.oid = con.confrelid)
  END AS ref_outside,
  con.confdeltype::text AS on_delete, con.confupdtype::text AS on_update, con.confmatchtype::text AS match_type,
  ${EXCLUSION} AS exclusion
FROM scope_relation r
JOIN pg_catalog.pg_constraint con ON con.conrelid = r.oid
WHERE con.contype IN ('c', 'f', 'u', 'p', 'x')`,
  toItem: (raw, { relation, columnNames }) => {
    const table = relation(raw.relid);
    const referenced =
      raw.ref_relid !== null
        ? { table: relation(raw.ref_relid), columns: columnNames(raw.ref_relid, raw.ref_attnums ?? []) }
        : raw.ref_outside
          ? { table: { schema: raw.ref_outside[0]!, name: raw.ref_outside[1]! }, columns: raw.ref_outside.slice(2) }
          : null;
    return {
      schema: table.schema,
      table: table.name,
      name: raw.constraint_name,
      type: TYPES[raw.contype] ?? 'check',
      definition: raw.definition,
      // An exclusion constraint's expression keys are attnum 0 in conkey: they are no column.
      columns: columnNames(
        raw.relid,
        (raw.attnums ?? []).filter((attnum) => attnum !== 0),
      ),
      validated: raw.validated,
      deferrable: raw.deferrable,
      initiallyDeferred: raw.initially_deferred,
      foreignKey:
        raw.contype === 'f' && referenced
          ? {
              referencedTable: referenced.table,
              referencedColumns: referenced.columns,
              onDelete: ACTIONS[raw.on_delete] ?? 'no action',
              onUpdate: ACTIONS[raw.on_update] ?? 'no action',
              match: MATCH[raw.match_type as keyof typeof MATCH] ?? 'simple',
            }
          : null,
      exclusion: raw.exclusion ? exclusionOf(raw.exclusion, (attnum) => columnNames(raw.relid, [attnum])[0]!) : null,
    };
  },
  sortKey: (constraint) => [constraint.schema, constraint.table, constraint.name],
};

function exclusionOf(raw: RawExclusion, columnName: (attnum: number) => string): CatalogExclusion {
  return {
    method: raw.method,
    predicate: raw.predicate,
    elements: raw.elements.map((e) => ({
      column: e.attnum === 0 ? null : columnName(e.attnum),
      expression: e.attnum === 0 ? e.expression : null,
      operator: { schema: e.operator_schema, name: e.operator_name },
    })),
  };
}
