import type { CatalogObjects } from '../../src/catalog/catalog-snapshot.js';

/**
 * Every constraint and index form of PostgreSQL 15's CREATE TABLE, ALTER TABLE, CREATE INDEX and
 * CREATE/ALTER DOMAIN reference pages, each as `setup` (the state before) and `change` (what a
 * migration does), run in a schema of its own with search_path set to it. `holds` names what the
 * snapshot after the change must hold, with its key text. Gist on scalars uses btree_gist, which
 * both the server and PGlite have.
 */
export interface ConstraintForm {
  readonly name: string;
  readonly setup?: string;
  readonly change: string;
  readonly holds: (objects: CatalogObjects) => unknown;
  /** What `holds` gives on both servers. */
  readonly expected?: unknown;
}

const T =
  'CREATE TABLE t (id int PRIMARY KEY, a int, b int, c text, d text, r int4range, ts tsrange, j jsonb, tags text[], active boolean);\n';

const named = <T extends { readonly name: string }>(items: readonly T[], name: string): T => {
  const found = items.find((i) => i.name === name);
  if (!found) throw new Error(`no ${name} in ${JSON.stringify(items.map((i) => i.name))}`);
  return found;
};
export const constraint = (o: CatalogObjects, name: string) => named(o.constraints, name);
export const index = (o: CatalogObjects, name: string) => named(o.indexes, name);
export const domain = (o: CatalogObjects, name: string) => named(o.domains, name);
export const column = (o: CatalogObjects, table: string, name: string) =>
  named(
    o.columns.filter((c) => c.table === table),
    name,
  );

export const FORMS: readonly ConstraintForm[] = [
  // CHECK
  {
    name: 'column CHECK',
    change: 'CREATE TABLE t (a int CHECK (a > 0));',
    holds: (o) => constraint(o, 't_a_check').columns,
    expected: ['a'],
  },
  {
    name: 'CHECK NO INHERIT',
    setup: T,
    change: 'ALTER TABLE t ADD CONSTRAINT ck CHECK (a < b) NO INHERIT;',
    holds: (o) => constraint(o, 'ck').definition,
    expected: 'CHECK ((a < b)) NO INHERIT',
  },
  {
    name: 'CHECK NOT VALID',
    setup: T,
    change: 'ALTER TABLE t ADD CONSTRAINT ck CHECK (c <> d) NOT VALID;',
    holds: (o) => constraint(o, 'ck').validated,
    expected: false,
  },
  {
    name: 'CHECK of no column',
    setup: T,
    change: 'ALTER TABLE t ADD CONSTRAINT ck CHECK (1 < 2);',
    holds: (o) => constraint(o, 'ck').columns,
    expected: [],
  },
  {
    name: 'VALIDATE CONSTRAINT',
    setup: `${T}ALTER TABLE t ADD CONSTRAINT ck CHECK (a > 0) NOT VALID;`,
    change: 'ALTER TABLE t VALIDATE CONSTRAINT ck;',
    holds: (o) => constraint(o, 'ck').validated,
    expected: true,
  },
  // NOT NULL
  {
    name: 'SET NOT NULL',
    setup: T,
    change: 'ALTER TABLE t ALTER COLUMN c SET NOT NULL;',
    holds: (o) => column(o, 't', 'c').notNull,
    expected: true,
  },
  {
    name: 'column NOT NULL',
    change: 'CREATE TABLE t (a int NOT NULL, b int NULL);',
    holds: (o) => column(o, 't', 'a').notNull,
    expected: true,
  },
  // UNIQUE / PRIMARY KEY
  {
    name: 'UNIQUE',
    setup: T,
    change: 'ALTER TABLE t ADD CONSTRAINT u UNIQUE (a, b);',
    holds: (o) => constraint(o, 'u').columns,
    expected: ['a', 'b'],
  },
  {
    name: 'UNIQUE NULLS NOT DISTINCT',
    setup: T,
    change: 'ALTER TABLE t ADD CONSTRAINT u UNIQUE NULLS NOT DISTINCT (c);',
    holds: (o) => index(o, 'u').nullsNotDistinct,
    expected: true,
  },
  {
    name: 'UNIQUE INCLUDE',
    setup: T,
    change: 'ALTER TABLE t ADD CONSTRAINT u UNIQUE (a) INCLUDE (c, d);',
    holds: (o) => index(o, 'u').include,
    expected: ['c', 'd'],
  },
  {
    name: 'UNIQUE DEFERRABLE',
    setup: T,
    change: 'ALTER TABLE t ADD CONSTRAINT u UNIQUE (b) DEFERRABLE INITIALLY DEFERRED;',
    holds: (o) => constraint(o, 'u').initiallyDeferred,
    expected: true,
  },
  {
    name: 'UNIQUE WITH (fillfactor)',
    setup: T,
    change: 'ALTER TABLE t ADD CONSTRAINT u UNIQUE (c) WITH (fillfactor = 70);',
    holds: (o) => index(o, 'u').definition,
    expected: "CREATE UNIQUE INDEX u ON S.t USING btree (c) WITH (fillfactor='70')",
  },
  {
    name: 'UNIQUE USING INDEX',
    setup: `${T}CREATE UNIQUE INDEX ux ON t (d);`,
    change: 'ALTER TABLE t ADD CONSTRAINT ux UNIQUE USING INDEX ux;',
    holds: (o) => constraint(o, 'ux').columns,
    expected: ['d'],
  },
  {
    name: 'PRIMARY KEY',
    setup: 'CREATE TABLE t (a int, b text);',
    change: 'ALTER TABLE t ADD PRIMARY KEY (a, b);',
    holds: (o) => constraint(o, 't_pkey').columns,
    expected: ['a', 'b'],
  },
  {
    name: 'PRIMARY KEY INCLUDE',
    change: 'CREATE TABLE t (a int, b text, PRIMARY KEY (a) INCLUDE (b));',
    holds: (o) => index(o, 't_pkey').include,
    expected: ['b'],
  },
  // FOREIGN KEY
  {
    name: 'FK MATCH FULL',
    setup: `${T}CREATE TABLE p (x int, y int, UNIQUE (x, y));`,
    change: 'ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (a, b) REFERENCES p (x, y) MATCH FULL;',
    holds: (o) => constraint(o, 'fk').foreignKey?.match,
    expected: 'full',
  },
  {
    name: 'FK ON DELETE SET NULL (cols)',
    setup: `${T}CREATE TABLE p (x int, y int, PRIMARY KEY (x, y));`,
    change: 'ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (a, b) REFERENCES p ON DELETE SET NULL (b) ON UPDATE CASCADE;',
    holds: (o) => constraint(o, 'fk').definition,
    expected: 'FOREIGN KEY (a, b) REFERENCES S.p(x, y) ON UPDATE CASCADE ON DELETE SET NULL (b)',
  },
  {
    name: 'FK ON DELETE SET DEFAULT (cols)',
    setup: `${T}CREATE TABLE p (x int PRIMARY KEY);`,
    change: 'ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES p ON DELETE SET DEFAULT (a);',
    holds: (o) => constraint(o, 'fk').foreignKey?.onDelete,
    expected: 'set default',
  },
  {
    name: 'FK DEFERRABLE NOT VALID',
    setup: `${T}CREATE TABLE p (x int PRIMARY KEY);`,
    change: 'ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES p DEFERRABLE INITIALLY IMMEDIATE NOT VALID;',
    holds: (o) => constraint(o, 'fk').deferrable,
    expected: true,
  },
  {
    name: 'self-referencing FK',
    setup: T,
    change: 'ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES t (id) ON DELETE CASCADE;',
    holds: (o) => constraint(o, 'fk').foreignKey?.referencedTable,
    expected: { schema: 'S', name: 't' },
  },
  // EXCLUDE
  {
    name: 'EXCLUDE gist scalar and range (btree_gist)',
    setup: T,
    change: 'ALTER TABLE t ADD CONSTRAINT no_overlap EXCLUDE USING gist (a WITH =, ts WITH &&);',
    holds: (o) => constraint(o, 'no_overlap').exclusion,
    expected: {
      method: 'gist',
      predicate: null,
      elements: [
        { column: 'a', expression: null, operator: { schema: 'pg_catalog', name: '=' } },
        { column: 'ts', expression: null, operator: { schema: 'pg_catalog', name: '&&' } },
      ],
    },
  },
  {
    name: 'EXCLUDE on an expression with WHERE',
    setup: T,
    change: "ALTER TABLE t ADD CONSTRAINT ex EXCLUDE USING gist (int4range(a, b, '[]') WITH &&) WHERE (active);",
    holds: (o) => constraint(o, 'ex').exclusion,
    expected: {
      method: 'gist',
      predicate: 'active',
      elements: [{ column: null, expression: "int4range(a, b, '[]'::text)", operator: { schema: 'pg_catalog', name: '&&' } }],
    },
  },
  {
    name: 'EXCLUDE with opclass, INCLUDE, DEFERRABLE',
    setup: T,
    change: 'ALTER TABLE t ADD CONSTRAINT ex EXCLUDE USING gist (r range_ops WITH &&) INCLUDE (c) DEFERRABLE INITIALLY DEFERRED;',
    holds: (o) => constraint(o, 'ex').exclusion,
    expected: {
      method: 'gist',
      predicate: null,
      elements: [{ column: 'r', expression: null, operator: { schema: 'pg_catalog', name: '&&' } }],
    },
  },
  {
    name: 'EXCLUDE USING btree',
    setup: T,
    change: 'ALTER TABLE t ADD CONSTRAINT ex EXCLUDE USING btree (lower(c) WITH =);',
    holds: (o) => constraint(o, 'ex').exclusion,
    expected: {
      method: 'btree',
      predicate: null,
      elements: [{ column: null, expression: 'lower(c)', operator: { schema: 'pg_catalog', name: '=' } }],
    },
  },
  {
    name: 'EXCLUDE USING hash',
    setup: T,
    change: 'ALTER TABLE t ADD CONSTRAINT ex EXCLUDE USING hash (d WITH =);',
    holds: (o) => constraint(o, 'ex').exclusion,
    expected: {
      method: 'hash',
      predicate: null,
      elements: [{ column: 'd', expression: null, operator: { schema: 'pg_catalog', name: '=' } }],
    },
  },
  {
    name: 'EXCLUDE in CREATE TABLE',
    change: 'CREATE TABLE t (room int, during tsrange, EXCLUDE USING gist (room WITH =, during WITH &&));',
    holds: (o) => constraint(o, 't_room_during_excl').exclusion,
    expected: {
      method: 'gist',
      predicate: null,
      elements: [
        { column: 'room', expression: null, operator: { schema: 'pg_catalog', name: '=' } },
        { column: 'during', expression: null, operator: { schema: 'pg_catalog', name: '&&' } },
      ],
    },
  },
  // CREATE INDEX
  {
    name: 'index on expressions',
    setup: T,
    change: 'CREATE INDEX ix ON t (lower(c), (a + b), id);',
    holds: (o) => index(o, 'ix').columns,
    expected: ['lower(c)', '((a + b))', 'id'],
  },
  {
    name: 'unique index on an expression',
    setup: T,
    change: 'CREATE UNIQUE INDEX ix ON t (lower(c));',
    holds: (o) => index(o, 'ix').keys,
    expected: [{ column: null, expression: 'lower(c)', opclass: null, collation: null, descending: false, nullsFirst: false }],
  },
  {
    name: 'partial index',
    setup: T,
    change: 'CREATE INDEX ix ON t (a) WHERE active AND c IS NOT NULL;',
    holds: (o) => index(o, 'ix').predicate,
    expected: '(active AND (c IS NOT NULL))',
  },
  {
    name: 'opclass, collation, DESC NULLS FIRST',
    setup: T,
    change: 'CREATE INDEX ix ON t (c text_pattern_ops, d COLLATE "C" DESC NULLS FIRST, a NULLS FIRST);',
    holds: (o) => index(o, 'ix').keys,
    expected: [
      { column: 'c', expression: null, opclass: 'text_pattern_ops', collation: null, descending: false, nullsFirst: false },
      { column: 'd', expression: null, opclass: null, collation: '"C"', descending: true, nullsFirst: true },
      { column: 'a', expression: null, opclass: null, collation: null, descending: false, nullsFirst: true },
    ],
  },
  { name: 'hash index', setup: T, change: 'CREATE INDEX ix ON t USING hash (c);', holds: (o) => index(o, 'ix').method, expected: 'hash' },
  {
    name: 'gist index on a range',
    setup: T,
    change: 'CREATE INDEX ix ON t USING gist (ts);',
    holds: (o) => index(o, 'ix').method,
    expected: 'gist',
  },
  {
    name: 'gin index, jsonb_path_ops and array',
    setup: T,
    change: 'CREATE INDEX ix ON t USING gin (j jsonb_path_ops, tags);',
    holds: (o) => index(o, 'ix').keys,
    expected: [
      { column: 'j', expression: null, opclass: 'jsonb_path_ops', collation: null, descending: false, nullsFirst: false },
      { column: 'tags', expression: null, opclass: null, collation: null, descending: false, nullsFirst: false },
    ],
  },
  {
    name: 'brin index with storage parameter',
    setup: T,
    change: 'CREATE INDEX ix ON t USING brin (id) WITH (pages_per_range = 32);',
    holds: (o) => index(o, 'ix').definition,
    expected: "CREATE INDEX ix ON S.t USING brin (id) WITH (pages_per_range='32')",
  },
  {
    name: 'spgist index',
    setup: T,
    change: 'CREATE INDEX ix ON t USING spgist (c);',
    holds: (o) => index(o, 'ix').method,
    expected: 'spgist',
  },
  {
    name: 'INCLUDE index',
    setup: T,
    change: 'CREATE INDEX ix ON t (a) INCLUDE (b, c);',
    holds: (o) => index(o, 'ix').include,
    expected: ['b', 'c'],
  },
  {
    name: 'index after a dropped column',
    setup: `${T}ALTER TABLE t DROP COLUMN b;`,
    change: 'CREATE INDEX ix ON t (c, (a * 2));',
    holds: (o) => index(o, 'ix').columns,
    expected: ['c', '((a * 2))'],
  },
  // Partitioned tables
  {
    name: 'index on a partitioned table',
    setup:
      "CREATE TABLE pt (id int, day date, v text) PARTITION BY RANGE (day);\nCREATE TABLE pt_1 PARTITION OF pt FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');",
    change: 'CREATE INDEX ix ON pt (lower(v));',
    holds: (o) => o.indexes.filter((i) => i.table === 'pt_1').map((i) => i.columns),
    expected: [['lower(v)']],
  },
  {
    name: 'index ON ONLY a partitioned table',
    setup:
      "CREATE TABLE pt (id int, day date) PARTITION BY RANGE (day);\nCREATE TABLE pt_1 PARTITION OF pt FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');",
    change: 'CREATE INDEX ix ON ONLY pt (id);',
    holds: (o) => index(o, 'ix').valid,
    expected: false,
  },
  {
    name: 'primary key on a partitioned table',
    setup:
      "CREATE TABLE pt (id int, day date) PARTITION BY RANGE (day);\nCREATE TABLE pt_1 PARTITION OF pt FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');",
    change: 'ALTER TABLE pt ADD PRIMARY KEY (id, day);',
    holds: (o) => o.constraints.filter((c) => c.type === 'primary-key').map((c) => `${c.table}:${c.columns.join(',')}`),
    expected: ['pt:id,day', 'pt_1:id,day'],
  },
  {
    name: 'constraint on a partition',
    setup: "CREATE TABLE pt (id int, kind text) PARTITION BY LIST (kind);\nCREATE TABLE pt_a PARTITION OF pt FOR VALUES IN ('a');",
    change:
      'ALTER TABLE pt_a ADD CONSTRAINT pt_a_id CHECK (id > 0);\nALTER TABLE pt_a ADD CONSTRAINT pt_a_ex EXCLUDE USING btree (id WITH =);',
    holds: (o) => constraint(o, 'pt_a_ex').exclusion,
    expected: {
      method: 'btree',
      predicate: null,
      elements: [{ column: 'id', expression: null, operator: { schema: 'pg_catalog', name: '=' } }],
    },
  },
  // Domains
  {
    name: 'domain with checks, NOT NULL and DEFAULT',
    change:
      "CREATE DOMAIN code AS varchar(8) DEFAULT 'x' NOT NULL CONSTRAINT upper_only CHECK (VALUE = upper(VALUE)) CHECK (length(VALUE) > 0);",
    holds: (o) => domain(o, 'code'),
    expected: {
      schema: 'S',
      name: 'code',
      baseType: 'character varying(8)',
      notNull: true,
      default: "'x'::character varying",
      constraints: [
        {
          name: 'code_check',
          definition: 'CHECK ((length((VALUE)::text) > 0))',
          expression: '((length((VALUE)::text) > 0))',
          validated: true,
        },
        {
          name: 'upper_only',
          definition: 'CHECK (((VALUE)::text = upper((VALUE)::text)))',
          expression: '(((VALUE)::text = upper((VALUE)::text)))',
          validated: true,
        },
      ],
    },
  },
  {
    name: 'domain over a domain',
    setup: 'CREATE DOMAIN d1 AS int;\nCREATE TABLE t (a d1);',
    change: 'CREATE DOMAIN d2 AS d1 CHECK (VALUE <> 0);\nALTER TABLE t ADD COLUMN b d2;',
    holds: (o) => domain(o, 'd2').baseType,
    expected: 'S.d1',
  },
  {
    name: 'ALTER DOMAIN ADD CONSTRAINT NOT VALID',
    setup: 'CREATE DOMAIN d AS numeric(10,2);',
    change: 'ALTER DOMAIN d ADD CONSTRAINT pos CHECK (VALUE > 0) NOT VALID;',
    holds: (o) => domain(o, 'd').constraints,
    expected: [
      { name: 'pos', definition: 'CHECK ((VALUE > (0)::numeric)) NOT VALID', expression: '((VALUE > (0)::numeric))', validated: false },
    ],
  },
  {
    name: 'ALTER DOMAIN VALIDATE CONSTRAINT',
    setup: 'CREATE DOMAIN d AS int;\nALTER DOMAIN d ADD CONSTRAINT pos CHECK (VALUE > 0) NOT VALID;',
    change: 'ALTER DOMAIN d VALIDATE CONSTRAINT pos;',
    holds: (o) => domain(o, 'd').constraints,
    expected: [{ name: 'pos', definition: 'CHECK ((VALUE > 0))', expression: '((VALUE > 0))', validated: true }],
  },
  {
    name: 'ALTER DOMAIN SET NOT NULL, SET DEFAULT',
    setup: 'CREATE DOMAIN d AS text;\nCREATE TABLE t (a d);',
    change: "ALTER DOMAIN d SET NOT NULL;\nALTER DOMAIN d SET DEFAULT 'n/a';",
    holds: (o) => domain(o, 'd'),
    expected: { schema: 'S', name: 'd', baseType: 'text', notNull: true, default: "'n/a'::text", constraints: [] },
  },
  {
    name: 'ALTER DOMAIN DROP CONSTRAINT, DROP NOT NULL',
    setup: 'CREATE DOMAIN d AS int NOT NULL CONSTRAINT pos CHECK (VALUE > 0);',
    change: 'ALTER DOMAIN d DROP CONSTRAINT pos;\nALTER DOMAIN d DROP NOT NULL;',
    holds: (o) => domain(o, 'd'),
    expected: { schema: 'S', name: 'd', baseType: 'integer', notNull: false, default: null, constraints: [] },
  },
  {
    name: 'column retyped to a domain',
    setup: `CREATE DOMAIN d AS text CHECK (VALUE <> '');\n${T}`,
    change: 'ALTER TABLE t ALTER COLUMN c TYPE d;',
    holds: (o) => column(o, 't', 'c').type,
    expected: 'S.d',
  },
  // Generated and identity columns
  {
    name: 'generated stored column',
    setup: T,
    change: 'ALTER TABLE t ADD COLUMN s int GENERATED ALWAYS AS (a + b) STORED;',
    holds: (o) => column(o, 't', 's').generated,
    expected: { kind: 'stored', expression: '(a + b)' },
  },
  {
    name: 'identity column with options',
    setup: T,
    change: 'ALTER TABLE t ADD COLUMN n bigint GENERATED BY DEFAULT AS IDENTITY (START WITH 10 INCREMENT BY 5);',
    holds: (o) => column(o, 't', 'n').identity,
    expected: 'by-default',
  },
  {
    name: 'ALTER COLUMN ADD GENERATED ALWAYS AS IDENTITY',
    setup: 'CREATE TABLE t (a int NOT NULL);',
    change: 'ALTER TABLE t ALTER COLUMN a ADD GENERATED ALWAYS AS IDENTITY;',
    holds: (o) => column(o, 't', 'a').identity,
    expected: 'always',
  },
];
