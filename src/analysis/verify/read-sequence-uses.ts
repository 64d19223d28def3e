import type { CatalogSequence, QualifiedName } from '../../catalog/catalog-snapshot.js';
import type { DatabaseClient } from '../../db/database-client.js';
import { queryInSavepoint } from '../../db/query-in-savepoint.js';
import { quoteQualifiedName } from '../../sql/quote-identifier.js';

/** A column a sequence fills: the one that owns it (SERIAL, identity, OWNED BY) or one whose DEFAULT calls nextval on it. */
export interface SequenceColumn {
  readonly schema: string;
  readonly table: string;
  readonly column: string;
  /** format_type of the column: its type caps the values the sequence may hand out. */
  readonly type: string;
}

export interface SequenceUse extends QualifiedName {
  /**
   * What the next nextval returns (int8 as text); null when it cannot be known: no SELECT on the
   * sequence, and with USAGE alone a sequence never called (or set back with setval(…, false)).
   */
  readonly next: string | null;
  readonly columns: readonly SequenceColumn[];
}

/**
 * Where each sequence stands and which columns it fills. The owning column comes from the
 * sequence's own pg_depend row; a column whose DEFAULT calls nextval depends on the sequence
 * through its pg_attrdef row (the regclass constant records it), so both are found without parsing
 * DEFAULT expressions. The position is read from the sequences themselves (last_value and
 * is_called, one UNION ALL for all): pg_sequence_last_value cannot tell a sequence never called
 * from one set back with setval(…, false).
 */
export async function readSequenceUses(tx: DatabaseClient, sequences: readonly CatalogSequence[]): Promise<SequenceUse[]> {
  if (sequences.length === 0) return [];
  const { rows } = await tx.query<{
    schema: string;
    name: string;
    selectable: boolean;
    last_value: string | null;
    columns: SequenceColumn[] | null;
  }>(
    `SELECT n.nspname AS schema, c.relname AS name, p.selectable,
       CASE WHEN p.usable THEN pg_catalog.pg_sequence_last_value(c.oid)::text END AS last_value,
       (SELECT pg_catalog.json_agg(pg_catalog.json_build_object('schema', tn.nspname, 'table', t.relname, 'column', a.attname,
                 'type', pg_catalog.format_type(a.atttypid, a.atttypmod)) ORDER BY tn.nspname, t.relname, a.attnum)
          FROM (SELECT d.refobjid AS relid, d.refobjsubid AS attnum
                  FROM pg_catalog.pg_depend d
                 WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = c.oid
                   AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.refobjsubid > 0 AND d.deptype IN ('a', 'i')
                UNION
                SELECT ad.adrelid, ad.adnum
                  FROM pg_catalog.pg_depend d
                  JOIN pg_catalog.pg_attrdef ad ON ad.oid = d.objid
                 WHERE d.classid = 'pg_catalog.pg_attrdef'::pg_catalog.regclass
                   AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.refobjid = c.oid) u
          JOIN pg_catalog.pg_class t ON t.oid = u.relid
          JOIN pg_catalog.pg_namespace tn ON tn.oid = t.relnamespace
          JOIN pg_catalog.pg_attribute a ON a.attrelid = u.relid AND a.attnum = u.attnum AND NOT a.attisdropped) AS columns
     FROM ROWS FROM (pg_catalog.unnest($1::text[]), pg_catalog.unnest($2::text[])) AS x(schema_name, sequence_name)
     JOIN pg_catalog.pg_namespace n ON n.nspname = x.schema_name
     JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid AND c.relname = x.sequence_name AND c.relkind = 'S'
     CROSS JOIN LATERAL (SELECT pg_catalog.has_sequence_privilege(c.oid, 'SELECT') AS selectable,
                                pg_catalog.has_sequence_privilege(c.oid, 'SELECT,USAGE') AS usable) p
     ORDER BY 1, 2`,
    [sequences.map((s) => s.schema), sequences.map((s) => s.name)],
  );
  const selectable = rows.filter((row) => row.selectable);
  const positions = new Map<string, { last_value: string; is_called: boolean }>();
  if (selectable.length) {
    // Under a savepoint: a sequence locked by someone else (lock_timeout) costs the positions, not the run.
    const read = await queryInSavepoint(
      tx,
      selectable
        .map((row, i) => `SELECT ${i} AS i, last_value::text AS last_value, is_called FROM ${quoteQualifiedName(row.schema, row.name)}`)
        .join(' UNION ALL '),
    );
    for (const position of 'rows' in read ? (read.rows as { i: number; last_value: string; is_called: boolean }[]) : []) {
      positions.set(JSON.stringify([selectable[position.i]!.schema, selectable[position.i]!.name]), position);
    }
  }
  return rows.flatMap((row) => {
    const sequence = sequences.find((s) => s.schema === row.schema && s.name === row.name);
    if (!sequence) return [];
    const increment = BigInt(sequence.increment);
    const position = positions.get(JSON.stringify([row.schema, row.name]));
    const next = position
      ? position.is_called
        ? BigInt(position.last_value) + increment
        : BigInt(position.last_value)
      : row.last_value !== null
        ? BigInt(row.last_value) + increment
        : null;
    return [{ schema: row.schema, name: row.name, next: next === null ? null : next.toString(), columns: row.columns ?? [] }];
  });
}
