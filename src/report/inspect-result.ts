import type { CatalogColumn, CatalogConstraint, CatalogIndex, CatalogTrigger, RelationKind } from '../catalog/catalog-snapshot.js';
import type { Finding } from '../core/finding.js';
import type { Timings } from '../core/timings.js';
import type { TargetInfo } from '../db/describe-target.js';

/** A value a column may hold, and how many rows hold it on the target today. */
export interface ValueUsage {
  readonly value: string;
  readonly rows: number;
}

/** The allowed values of one column: from a CHECK's list or an enum's labels. */
export interface AllowedValuesUsage {
  readonly column: string;
  /** In the order the constraint lists them (or the enum's sort order). */
  readonly values: readonly ValueUsage[];
  readonly nullRows: number;
  /** Values rows hold that the list does not allow (only possible under a NOT VALID constraint). */
  readonly otherValues: readonly ValueUsage[];
}

export interface InspectedConstraint extends CatalogConstraint {
  /** For a CHECK that lists values: per column; null when it is not such a CHECK. */
  readonly allowedValues: readonly AllowedValuesUsage[] | null;
}

export interface InspectedEnumColumn {
  readonly column: string;
  /** The enum type, schema-qualified as format_type prints it. */
  readonly type: string;
  readonly labels: AllowedValuesUsage;
}

export interface InspectResult {
  readonly command: 'inspect';
  readonly what: 'constraint' | 'table';
  readonly target: TargetInfo;
  readonly table: {
    readonly schema: string;
    readonly name: string;
    readonly kind: RelationKind;
    /** reltuples; null when never analysed. */
    readonly rowEstimate: number | null;
    readonly primaryKey: readonly string[] | null;
  };
  /** `inspect table` only; empty for `inspect constraint`. */
  readonly columns: readonly CatalogColumn[];
  readonly constraints: readonly InspectedConstraint[];
  readonly enumColumns: readonly InspectedEnumColumn[];
  /** `inspect table` only. */
  readonly indexes: readonly CatalogIndex[];
  readonly triggers: readonly CatalogTrigger[];
  readonly findings: readonly Finding[];
  readonly summary: { readonly errors: number; readonly warnings: number; readonly infos: number; readonly constraints: number };
  readonly timings: Timings;
}
