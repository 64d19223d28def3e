import type { QualifiedName } from '../../catalog/catalog-snapshot.js';

/** Where the change a probe tests comes from, for the finding. */
export interface ProbeOrigin {
  readonly migration: string;
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
}

interface ProbeBase {
  /** Unique within one run. */
  readonly id: string;
  readonly table: QualifiedName;
  readonly origin: ProbeOrigin;
  /**
   * Columns the probe reads that a pending migration adds (or renames to): they are only in the rows
   * as the statements before leave them (rows-model/), so the probe runs there or not at all.
   */
  readonly added?: readonly string[];
}

/**
 * One question to ask the target's rows. Row probes (check, not-null, enum, type) on the same table
 * are answered by one scan; unique and foreign-key probes need their own query.
 */
export type ProbeRequest =
  | (ProbeBase & {
      readonly kind: 'check';
      readonly constraint: string;
      /** The CHECK expression as the shadow prints it; a row violates it when it is FALSE. */
      readonly expression: string;
      readonly columns: readonly string[];
      /** Added NOT VALID and not validated in this migration: existing rows are not checked yet. */
      readonly notValid: boolean;
    })
  | (ProbeBase & {
      readonly kind: 'not-null';
      readonly column: string;
      /** SET NOT NULL (rows with NULL) or a new NOT NULL column without default (every row). */
      readonly reason: 'set-not-null' | 'new-column' | 'primary-key';
      readonly constraint?: string;
    })
  | (ProbeBase & {
      readonly kind: 'unique';
      /** The index or constraint being built. */
      readonly name: string;
      /** Key columns (names) or expressions (as pg_get_indexdef prints them), in order. */
      readonly keys: readonly { readonly column?: string; readonly expression?: string }[];
      readonly predicate: string | null;
      readonly nullsNotDistinct: boolean;
    })
  | (ProbeBase & {
      readonly kind: 'foreign-key';
      readonly constraint: string;
      readonly columns: readonly string[];
      readonly referencedTable: QualifiedName;
      readonly referencedColumns: readonly string[];
      readonly match: 'simple' | 'full' | 'partial';
      readonly notValid: boolean;
    })
  | (ProbeBase & {
      readonly kind: 'enum';
      readonly column: string;
      readonly type: string;
      /** Labels the column may hold after the migration. */
      readonly allowed: readonly string[];
      /** Labels that existed before and are gone (empty when the column is retyped to the enum). */
      readonly removed: readonly string[];
    })
  | (ProbeBase & {
      readonly kind: 'type';
      readonly column: string;
      readonly fromType: string;
      readonly toType: string;
      /** SQL condition true for a value that does not convert (built in type-conversion.ts). */
      readonly violation: string;
    })
  | (ProbeBase & {
      /** EXCLUDE: pairs of rows the constraint would reject; answered by a self-join of its own. */
      readonly kind: 'exclusion';
      readonly constraint: string;
      readonly method: string;
      readonly elements: readonly ExclusionProbeElement[];
      readonly predicate: string | null;
    })
  | (ProbeBase & {
      /** A CHECK of a domain, tested on one column of that domain (or of a domain over it, or retyped to it). */
      readonly kind: 'domain-check';
      readonly column: string;
      /** The domain as `format_type` prints it, and the constraint. */
      readonly domain: string;
      readonly constraint: string;
      /** The CHECK with VALUE replaced by the column: a row violates it when it is FALSE. */
      readonly expression: string;
      readonly reason: DomainProbeReason;
      /** Added NOT VALID: existing rows are not checked yet. */
      readonly notValid: boolean;
    })
  | (ProbeBase & {
      /** A domain's NOT NULL, tested on one column of that domain. */
      readonly kind: 'domain-not-null';
      readonly column: string;
      readonly domain: string;
      readonly reason: DomainProbeReason;
    })
  | (ProbeBase & {
      /**
       * Rows of `table` the partition constraint rejects once `partition` has its bound: the rows of
       * a table being attached outside its bound, or the rows of the parent's DEFAULT partition
       * (`table`) that belong in the bound of a partition attached or created.
       */
      readonly kind: 'partition-bound';
      readonly partition: QualifiedName;
      readonly parent: QualifiedName;
      /** `FOR VALUES …` of `partition`, as the catalog prints it. */
      readonly bound: string;
      /** The partition constraint of `table` after the migration; a row violates it when it is FALSE. */
      readonly expression: string;
      readonly reason: 'attached-rows' | 'default-rows';
      /** Columns the constraint reads (the partition key), shown with a row. */
      readonly columns: readonly string[];
    })
  | (ProbeBase & {
      readonly kind: 'expression';
      /**
       * What PostgreSQL evaluates on every existing row: a type change's USING expression or cast
       * (rule type-conversion-fails), a new stored generated column's expression, a new column's
       * volatile DEFAULT. No set-based test tells which rows raise; the expression is evaluated.
       */
      readonly purpose: 'using' | 'generated' | 'default';
      readonly column: string;
      readonly toType: string;
      /** SQL evaluated on each row as the change evaluates it; it raises on a row the change fails on. */
      readonly expression: string;
      /** SQL true for a row whose value does not fit (a length the explicit cast would cut silently). */
      readonly violation?: string;
      /** Columns of the target the expression reads, shown with a failing row. */
      readonly reads: readonly string[];
    });

/** ALTER DOMAIN ADD CONSTRAINT / VALIDATE CONSTRAINT / SET NOT NULL, or ALTER COLUMN … TYPE domain. */
export type DomainProbeReason = 'domain-constraint-added' | 'domain-constraint-validated' | 'domain-set-not-null' | 'column-retyped';

export interface ExclusionProbeElement {
  readonly column?: string;
  readonly expression?: string;
  readonly operator: QualifiedName;
}

export type ProbeKind = ProbeRequest['kind'];

/** A change that could not be probed on the target, and why. */
export interface SkippedProbe {
  readonly table: QualifiedName;
  readonly what: string;
  readonly reason: string;
  readonly origin: ProbeOrigin;
}
