import type { Effect } from '../effect.js';
import { columnAdded, columnChanged, columnDropped, columnRenamed } from './column-ddl.js';
import {
  constraintAdded,
  constraintDropped,
  constraintReplaced,
  constraintValidated,
  indexAdded,
  indexDropped,
  indexReplaced,
} from './constraint-ddl.js';
import type { DdlContext, DdlStep } from './ddl-step.js';
import {
  domainAdded,
  domainChanged,
  domainConstraintAdded,
  domainConstraintDropped,
  domainConstraintValidated,
  domainDropped,
} from './domain-ddl.js';
import { enumAdded, enumDropped, enumRewritten, enumValueRenamed, enumValuesAdded } from './enum-ddl.js';
import { functionAdded, functionDropped, functionReplaced } from './function-ddl.js';
import { policyAdded, policyDropped, policyReplaced, rowLevelSecurity } from './policy-ddl.js';
import { extensionAdded, extensionChanged, extensionDropped, schemaAdded, schemaDropped } from './schema-ddl.js';
import { sequenceAdded, sequenceChanged, sequenceDropped } from './sequence-ddl.js';
import { partitionAttached, partitionDetached } from './partition-ddl.js';
import { tableAdded, tableDropped, tableRenamed } from './table-ddl.js';
import { triggerAdded, triggerDropped, triggerReplaced } from './trigger-ddl.js';
import { viewAdded, viewDropped, viewReplaced } from './view-ddl.js';

/**
 * The statements that make one effect happen on a database in `context.from`'s state, each in its
 * phase. The catalog objects the effect carries are definitions PostgreSQL printed
 * (pg_get_constraintdef, pg_get_indexdef, pg_get_triggerdef…), written back verbatim.
 */
export function effectDdl(effect: Effect, context: DdlContext): DdlStep[] {
  switch (effect.kind) {
    case 'schema-added':
      return schemaAdded(effect.schema);
    case 'schema-dropped':
      return schemaDropped(effect.schema);
    case 'extension-added':
      return extensionAdded(effect.extension);
    case 'extension-dropped':
      return extensionDropped(effect.extension);
    case 'extension-changed':
      return extensionChanged(effect.before, effect.after);
    case 'table-added':
      return tableAdded(effect.table, context.to, context);
    case 'table-dropped':
      return tableDropped(effect.table);
    case 'table-renamed':
      return tableRenamed(effect.before, effect.after);
    case 'rls-enabled':
    case 'rls-disabled':
      return rowLevelSecurity(effect.table, effect.table.rlsForced);
    case 'partition-attached':
      return partitionAttached(effect.table, effect.parent);
    case 'partition-detached':
      return partitionDetached(effect.table, effect.parent);
    case 'column-added':
      return columnAdded(effect.column, context);
    case 'column-dropped':
      return columnDropped(effect.column);
    case 'column-renamed':
      return columnRenamed(effect.before, effect.after);
    case 'column-changed':
      return columnChanged(effect.before, effect.after, effect.changes, context);
    case 'constraint-added':
      return constraintAdded(effect.constraint);
    case 'constraint-dropped':
      return constraintDropped(effect.constraint);
    case 'constraint-replaced':
      return constraintReplaced(effect.before, effect.after);
    case 'constraint-validated':
      return constraintValidated(effect.constraint);
    case 'index-added':
      return indexAdded(effect.index, context.to);
    case 'index-dropped':
      return indexDropped(effect.index, context.from);
    case 'index-replaced':
      return indexReplaced(effect.before, effect.after, context.from, context.to);
    case 'enum-added':
      return enumAdded(effect.enum);
    case 'enum-dropped':
      return enumDropped(effect.enum);
    case 'enum-values-added':
      return enumValuesAdded(effect.before, effect.after, context);
    case 'enum-values-removed':
    case 'enum-values-reordered':
      return enumRewritten(effect.before, effect.after, context);
    case 'enum-value-renamed':
      return enumValueRenamed(effect.enum, effect.from, effect.to);
    case 'domain-added':
      return domainAdded(effect.domain);
    case 'domain-dropped':
      return domainDropped(effect.domain);
    case 'domain-changed':
      return domainChanged(effect.after, effect.changes);
    case 'domain-constraint-added':
      return domainConstraintAdded(effect.domain, effect.constraint);
    case 'domain-constraint-dropped':
      return domainConstraintDropped(effect.domain, effect.constraint);
    case 'domain-constraint-validated':
      return domainConstraintValidated(effect.domain, effect.constraint);
    case 'function-added':
      return functionAdded(effect.function);
    case 'function-dropped':
      return functionDropped(effect.function);
    case 'function-replaced':
      return functionReplaced(effect.before, effect.after);
    case 'trigger-added':
      return triggerAdded(effect.trigger);
    case 'trigger-dropped':
      return triggerDropped(effect.trigger);
    case 'trigger-replaced':
      return triggerReplaced(effect.before, effect.after);
    case 'view-added':
      return viewAdded(effect.view, context.to);
    case 'view-dropped':
      return viewDropped(effect.view);
    case 'view-replaced':
      return viewReplaced(effect.before, effect.after, context.from, context.to);
    case 'sequence-added':
      return sequenceAdded(effect.sequence);
    case 'sequence-dropped':
      return sequenceDropped(effect.sequence);
    case 'sequence-changed':
      return sequenceChanged(effect.before, effect.after, context);
    case 'policy-added':
      return policyAdded(effect.policy);
    case 'policy-dropped':
      return policyDropped(effect.policy);
    case 'policy-replaced':
      return policyReplaced(effect.before, effect.after);
  }
}
