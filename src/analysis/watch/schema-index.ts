import type { CatalogObjects } from '../../catalog/catalog-snapshot.js';

/** The parts of a catalog the index needs (small enough to cache with a deploy's changes). */
export interface IndexedSchema {
  readonly tables: readonly { readonly schema: string; readonly name: string }[];
  readonly constraints: readonly Pick<CatalogObjects['constraints'][number], 'schema' | 'table' | 'name' | 'type' | 'columns'>[];
  readonly indexes: readonly Pick<CatalogObjects['indexes'][number], 'schema' | 'table' | 'name' | 'unique' | 'constraint' | 'columns'>[];
}

/** Only what the index reads, from a full catalog. */
export function indexedSchema(objects: CatalogObjects): IndexedSchema {
  return {
    tables: objects.tables.map(({ schema, name }) => ({ schema, name })),
    constraints: objects.constraints.map(({ schema, table, name, type, columns }) => ({ schema, table, name, type, columns })),
    indexes: objects.indexes.map(({ schema, table, name, unique, constraint, columns }) => ({
      schema,
      table,
      name,
      unique,
      constraint,
      columns,
    })),
  };
}

export interface IndexedConstraint {
  readonly schema: string;
  readonly table: string;
  readonly name: string;
  readonly type: 'check' | 'foreign-key' | 'unique' | 'primary-key' | 'exclusion' | 'unique-index';
  readonly columns: readonly string[];
}

/**
 * The deployed schema, looked up the way log events need it: a constraint's table from its name
 * (a server log's 23505 names only the index), and a constraint from a table and the columns an
 * application names (Prisma's `meta.target: ['email']`).
 */
export class SchemaIndex {
  private readonly byName = new Map<string, IndexedConstraint[]>();
  private readonly tables = new Map<string, string>();
  private readonly onColumns = new Map<string, IndexedConstraint | undefined>();

  constructor(objects: IndexedSchema) {
    for (const table of objects.tables) this.tables.set(table.name.toLowerCase(), table.name);
    for (const c of objects.constraints) this.add({ schema: c.schema, table: c.table, name: c.name, type: c.type, columns: c.columns });
    // A unique index without a constraint still names itself in 23505.
    for (const index of objects.indexes) {
      if (index.unique && !index.constraint) {
        this.add({ schema: index.schema, table: index.table, name: index.name, type: 'unique-index', columns: index.columns });
      }
    }
  }

  /** Constraints with this name, narrowed to the table when one is known. */
  constraint(name: string, table?: string): IndexedConstraint | undefined {
    const found = this.byName.get(name) ?? [];
    const narrowed = table ? found.filter((c) => c.table === this.tableName(table)) : found;
    return narrowed.length === 1 ? narrowed[0] : undefined;
  }

  /** The constraint of these types on a table whose columns are exactly these. */
  constraintOn(table: string, columns: readonly string[], types: readonly IndexedConstraint['type'][]): IndexedConstraint | undefined {
    const name = this.tableName(table);
    const wanted = [...columns].sort().join('\u0000');
    const key = `${name}\u0001${wanted}\u0001${types.join(',')}`;
    if (!this.onColumns.has(key)) {
      const matches = [...this.byName.values()]
        .flat()
        .filter((c) => c.table === name && types.includes(c.type) && [...c.columns].sort().join('\u0000') === wanted);
      this.onColumns.set(key, matches.length === 1 ? matches[0] : undefined);
    }
    return this.onColumns.get(key);
  }

  /** The table's name as the database spells it (a Prisma model `User` for table `user`, when unambiguous). */
  tableName(name: string): string {
    return this.tables.has(name.toLowerCase()) && !this.hasExact(name) ? this.tables.get(name.toLowerCase())! : name;
  }

  private hasExact(name: string): boolean {
    return this.tables.get(name.toLowerCase()) === name;
  }

  private add(constraint: IndexedConstraint): void {
    const list = this.byName.get(constraint.name);
    if (list) list.push(constraint);
    else this.byName.set(constraint.name, [constraint]);
  }
}
