import type { CatalogTableStatistics } from '../../catalog/catalog-snapshot.js';
import { effectTable } from '../../catalog/effect.js';
import type { Statement } from '../../sql/statement.js';
import type { AttributedEffect } from '../effects/attribute-effects.js';
import { describeLevelReason } from './level-reason.js';

export type SafetyLevel = 1 | 2 | 3;

export interface LevelVerdict {
  readonly level: SafetyLevel;
  /** Why, one short clause per effect that set the level, highest first. */
  readonly reasons: readonly string[];
}

export interface LevelContext {
  /** Row estimates of the target's tables; undefined without a target (size unknown). */
  readonly targetTables?: readonly CatalogTableStatistics[];
}

// Functions whose DEFAULT makes ADD COLUMN rewrite the table (volatile), as opposed to now() & co.
const VOLATILE_DEFAULT =
  /\b(random|clock_timestamp|timeofday|gen_random_uuid|uuid_generate_v[14]|nextval|txid_current|statement_timestamp)\s*\(/i;

/**
 * SPEC "Safety levels": 1 no schema change to existing objects; 2 additive; 3 modifying — anything
 * that changes, tightens, drops or renames an existing object, or takes a strong lock on an existing
 * non-empty table. Objects the migration creates itself never raise the level.
 */
export function safetyLevel(
  effects: readonly AttributedEffect[],
  statements: readonly Statement[],
  context: LevelContext = {},
): LevelVerdict {
  const graded = effects.map((attributed) => ({ attributed, level: levelOf(attributed, statements, context) }));
  const level = graded.reduce<SafetyLevel>((max, g) => (g.level > max ? g.level : max), 1);
  const reasons = graded.filter((g) => g.level === level && level > 1).map((g) => describeLevelReason(g.attributed, g.level, context));
  return {
    level,
    reasons:
      level === 1
        ? [effects.length ? 'creates only functions, views or other objects nothing depends on yet' : 'changes no schema object']
        : [...new Set(reasons)],
  };
}

function levelOf({ effect, source }: AttributedEffect, statements: readonly Statement[], context: LevelContext): SafetyLevel {
  switch (effect.kind) {
    case 'function-added':
    case 'view-added':
      return 1;
    case 'schema-added':
    case 'table-added':
    case 'extension-added':
    case 'enum-added':
    case 'enum-values-added':
    case 'sequence-added':
    case 'domain-added':
      return 2;
    case 'column-added': {
      const column = effect.column;
      if (column.generated?.kind === 'stored' || column.identity !== null) return 3; // rewrites the table
      if (column.default !== null && VOLATILE_DEFAULT.test(column.default)) return 3;
      if (column.notNull && column.default === null) return 3; // fails on any existing row
      return 2;
    }
    case 'index-added': {
      const statement = source ? statements[source.statementIndex] : undefined;
      const concurrent = statement?.kind === 'IndexStmt' && statement.ast.concurrent === true;
      if (concurrent) return 2;
      return isEmpty(effect.index.schema, effect.index.table, context) ? 2 : 3;
    }
    case 'trigger-added':
    case 'policy-added': {
      const table = effectTable(effect);
      return table && isEmpty(table.schema, table.name, context) ? 2 : 3;
    }
    default:
      return 3;
  }
}

/** Known empty on the target. Unknown (no target, never analysed) counts as non-empty. */
function isEmpty(schema: string, table: string, context: LevelContext): boolean {
  const stats = context.targetTables?.find((t) => t.schema === schema && t.name === table);
  return stats !== undefined && stats.rowEstimate === 0;
}
