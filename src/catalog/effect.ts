import type {
  CatalogColumn,
  CatalogConstraint,
  CatalogDomain,
  CatalogDomainConstraint,
  CatalogEnum,
  CatalogExtension,
  CatalogFunction,
  CatalogIndex,
  CatalogPolicy,
  CatalogSequence,
  CatalogTable,
  CatalogTrigger,
  CatalogView,
  QualifiedName,
} from './catalog-snapshot.js';

/**
 * What a migration changes, as the difference between the catalog before and after it (SPEC core
 * type). Derived from the catalog, not from the SQL text, so every way of writing a change counts:
 * ALTER TABLE, DO blocks, functions, Prisma's enum rewrite. Each carries the catalog objects
 * themselves, before and/or after, so probes, reports and rollbacks read definitions from one place.
 */
export type Effect =
  | { readonly kind: 'schema-added' | 'schema-dropped'; readonly schema: string }
  | { readonly kind: 'table-added' | 'table-dropped'; readonly table: CatalogTable }
  | { readonly kind: 'table-renamed'; readonly before: CatalogTable; readonly after: CatalogTable }
  | { readonly kind: 'rls-enabled' | 'rls-disabled'; readonly table: CatalogTable }
  /**
   * An existing table becomes a partition (ATTACH PARTITION; `table` as after, with its bound) or
   * stops being one (DETACH PARTITION; `table` as before). A table created as a partition is
   * `table-added`.
   */
  | { readonly kind: 'partition-attached' | 'partition-detached'; readonly table: CatalogTable; readonly parent: QualifiedName }
  | { readonly kind: 'column-added' | 'column-dropped'; readonly column: CatalogColumn }
  | { readonly kind: 'column-renamed'; readonly before: CatalogColumn; readonly after: CatalogColumn }
  /** Type, default, nullability, identity or generation changed; `changes` says which. */
  | {
      readonly kind: 'column-changed';
      readonly before: CatalogColumn;
      readonly after: CatalogColumn;
      readonly changes: readonly ColumnChange[];
    }
  | { readonly kind: 'constraint-added' | 'constraint-dropped'; readonly constraint: CatalogConstraint }
  /**
   * Same table and same name, different definition (drop + add in one migration), or a CHECK
   * dropped and another added on the same columns: the list of allowed values may have changed.
   */
  | { readonly kind: 'constraint-replaced'; readonly before: CatalogConstraint; readonly after: CatalogConstraint }
  /** NOT VALID → validated (VALIDATE CONSTRAINT). */
  | { readonly kind: 'constraint-validated'; readonly constraint: CatalogConstraint }
  | { readonly kind: 'index-added' | 'index-dropped'; readonly index: CatalogIndex }
  | { readonly kind: 'index-replaced'; readonly before: CatalogIndex; readonly after: CatalogIndex }
  | { readonly kind: 'enum-added' | 'enum-dropped'; readonly enum: CatalogEnum }
  | { readonly kind: 'enum-values-added'; readonly before: CatalogEnum; readonly after: CatalogEnum; readonly added: readonly string[] }
  /**
   * Labels gone from a type that still exists under the same name (ALTER TYPE … RENAME VALUE
   * aside, PostgreSQL cannot drop a label: this is Prisma's create-new-type, convert, drop-old,
   * rename dance). `columns` are the columns of that type after the migration.
   */
  | {
      readonly kind: 'enum-values-removed';
      readonly before: CatalogEnum;
      readonly after: CatalogEnum;
      readonly removed: readonly string[];
      readonly columns: readonly ColumnRef[];
    }
  | { readonly kind: 'enum-value-renamed'; readonly enum: CatalogEnum; readonly from: string; readonly to: string }
  /** The same labels in another order (comparisons and ORDER BY follow the label order). */
  | { readonly kind: 'enum-values-reordered'; readonly before: CatalogEnum; readonly after: CatalogEnum }
  | { readonly kind: 'domain-added' | 'domain-dropped'; readonly domain: CatalogDomain }
  /**
   * NOT NULL set or dropped, or the default changed (ALTER DOMAIN). `columns`, here and below, are
   * the columns whose type is the domain or a domain over it, after the migration: what PostgreSQL
   * scans when the domain tightens.
   */
  | {
      readonly kind: 'domain-changed';
      readonly before: CatalogDomain;
      readonly after: CatalogDomain;
      readonly changes: readonly DomainChange[];
      readonly columns: readonly ColumnRef[];
    }
  /** ALTER DOMAIN … ADD CONSTRAINT (`constraint.validated` false for NOT VALID), DROP CONSTRAINT, VALIDATE CONSTRAINT. */
  | {
      readonly kind: 'domain-constraint-added' | 'domain-constraint-dropped' | 'domain-constraint-validated';
      readonly domain: CatalogDomain;
      readonly constraint: CatalogDomainConstraint;
      readonly columns: readonly ColumnRef[];
    }
  | { readonly kind: 'function-added' | 'function-dropped'; readonly function: CatalogFunction }
  | { readonly kind: 'function-replaced'; readonly before: CatalogFunction; readonly after: CatalogFunction }
  | { readonly kind: 'trigger-added' | 'trigger-dropped'; readonly trigger: CatalogTrigger }
  | { readonly kind: 'trigger-replaced'; readonly before: CatalogTrigger; readonly after: CatalogTrigger }
  | { readonly kind: 'view-added' | 'view-dropped'; readonly view: CatalogView }
  | { readonly kind: 'view-replaced'; readonly before: CatalogView; readonly after: CatalogView }
  | { readonly kind: 'sequence-added' | 'sequence-dropped'; readonly sequence: CatalogSequence }
  | { readonly kind: 'sequence-changed'; readonly before: CatalogSequence; readonly after: CatalogSequence }
  | { readonly kind: 'policy-added' | 'policy-dropped'; readonly policy: CatalogPolicy }
  | { readonly kind: 'policy-replaced'; readonly before: CatalogPolicy; readonly after: CatalogPolicy }
  | { readonly kind: 'extension-added' | 'extension-dropped'; readonly extension: CatalogExtension }
  | { readonly kind: 'extension-changed'; readonly before: CatalogExtension; readonly after: CatalogExtension };

export type EffectKind = Effect['kind'];

export type ColumnChange = 'type' | 'set-not-null' | 'drop-not-null' | 'default' | 'identity' | 'generated' | 'collation';

export type DomainChange = 'set-not-null' | 'drop-not-null' | 'default';

export interface ColumnRef {
  readonly schema: string;
  readonly table: string;
  readonly column: string;
}

/** The table an effect is on, when it is on one. */
export function effectTable(effect: Effect): QualifiedName | undefined {
  switch (effect.kind) {
    case 'table-added':
    case 'table-dropped':
    case 'rls-enabled':
    case 'rls-disabled':
    case 'partition-attached':
    case 'partition-detached':
      return { schema: effect.table.schema, name: effect.table.name };
    case 'table-renamed':
      return { schema: effect.after.schema, name: effect.after.name };
    case 'column-added':
    case 'column-dropped':
      return { schema: effect.column.schema, name: effect.column.table };
    case 'column-renamed':
    case 'column-changed':
      return { schema: effect.after.schema, name: effect.after.table };
    case 'constraint-added':
    case 'constraint-dropped':
    case 'constraint-validated':
      return { schema: effect.constraint.schema, name: effect.constraint.table };
    case 'constraint-replaced':
      return { schema: effect.after.schema, name: effect.after.table };
    case 'index-added':
    case 'index-dropped':
      return { schema: effect.index.schema, name: effect.index.table };
    case 'index-replaced':
      return { schema: effect.after.schema, name: effect.after.table };
    case 'trigger-added':
    case 'trigger-dropped':
      return { schema: effect.trigger.schema, name: effect.trigger.table };
    case 'trigger-replaced':
      return { schema: effect.after.schema, name: effect.after.table };
    case 'policy-added':
    case 'policy-dropped':
      return { schema: effect.policy.schema, name: effect.policy.table };
    case 'policy-replaced':
      return { schema: effect.after.schema, name: effect.after.table };
    default:
      return undefined;
  }
}
