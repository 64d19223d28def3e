import type { AttributedEffect } from '../effects/attribute-effects.js';
import type { LevelContext, SafetyLevel } from './safety-level.js';
import { effectTable } from '../../catalog/effect.js';

const VERB: Readonly<Record<string, string>> = {
  'table-dropped': 'drops table',
  'table-renamed': 'renames table',
  'column-dropped': 'drops column',
  'column-renamed': 'renames column',
  'column-changed': 'changes column',
  'constraint-added': 'adds a constraint to existing table',
  'constraint-dropped': 'drops constraint',
  'constraint-replaced': 'replaces constraint',
  'constraint-validated': 'validates constraint',
  'index-added': 'builds an index without CONCURRENTLY on existing table',
  'index-dropped': 'drops index',
  'enum-values-removed': 'removes enum values from',
  'function-replaced': 'replaces function',
  'trigger-added': 'adds a trigger to existing table',
  'trigger-replaced': 'replaces trigger',
  'view-replaced': 'replaces view',
  'rls-enabled': 'enables row-level security on',
  'column-added': 'adds a column that rewrites or rejects existing rows of',
};

/** "replaces constraint inventory_transactions_reference_type_check (line 17)". */
export function describeLevelReason({ effect, source }: AttributedEffect, level: SafetyLevel, context: LevelContext): string {
  const verb = VERB[effect.kind] ?? effect.kind.replace(/-/g, ' ');
  const table = effectTable(effect);
  const object =
    'constraint' in effect
      ? effect.constraint.name
      : effect.kind === 'constraint-replaced'
        ? effect.after.name
        : effect.kind === 'column-changed' || effect.kind === 'column-renamed'
          ? `${effect.after.table}.${effect.after.name}`
          : effect.kind === 'column-dropped' || effect.kind === 'column-added'
            ? `${effect.column.table}.${effect.column.name}`
            : effect.kind === 'function-replaced'
              ? `${effect.after.name}()`
              : effect.kind === 'enum-values-removed'
                ? effect.after.name
                : (table?.name ?? '');
  const size =
    level === 3 && (effect.kind === 'index-added' || effect.kind === 'trigger-added') && !context.targetTables
      ? ' (size unknown without a target)'
      : '';
  return `${verb} ${object}${source ? ` (line ${source.line})` : ''}${size}`;
}
