import type { QualifiedName } from '../catalog/catalog-snapshot.js';
import type { Effect } from '../catalog/effect.js';

/** "public.items" → "items": the public schema goes without saying in a one-line summary. */
function shown(schema: string, name: string): string {
  return schema === 'public' ? name : `${schema}.${name}`;
}

function table(ref: QualifiedName): string {
  return shown(ref.schema, ref.name);
}

const CONSTRAINT_WORD = {
  check: 'CHECK',
  'foreign-key': 'foreign key',
  unique: 'UNIQUE',
  'primary-key': 'primary key',
  exclusion: 'exclusion constraint',
} as const;

/** One line a person reads: what the migration changes, in the catalog's words. */
export function describeEffect(effect: Effect): string {
  switch (effect.kind) {
    case 'schema-added':
      return `adds schema ${effect.schema}`;
    case 'schema-dropped':
      return `drops schema ${effect.schema}`;
    case 'table-added':
      return `adds table ${table(effect.table)}`;
    case 'table-dropped':
      return `drops table ${table(effect.table)}`;
    case 'table-renamed':
      return `renames table ${table(effect.before)} to ${table(effect.after)}`;
    case 'rls-enabled':
      return `enables row-level security on ${table(effect.table)}`;
    case 'rls-disabled':
      return `disables row-level security on ${table(effect.table)}`;
    case 'partition-attached':
      return `attaches ${table(effect.table)} to ${table(effect.parent)} as partition ${effect.table.partitionBound ?? ''}`.trimEnd();
    case 'partition-detached':
      return `detaches partition ${table(effect.table)} from ${table(effect.parent)}`;
    case 'column-added':
      return `adds column ${shown(effect.column.schema, effect.column.table)}.${effect.column.name} ${effect.column.type}${effect.column.notNull ? ' NOT NULL' : ''}${effect.column.default ? ` DEFAULT ${effect.column.default}` : ''}`;
    case 'column-dropped':
      return `drops column ${shown(effect.column.schema, effect.column.table)}.${effect.column.name}`;
    case 'column-renamed':
      return `renames column ${shown(effect.before.schema, effect.before.table)}.${effect.before.name} to ${effect.after.name}`;
    case 'column-changed': {
      const where = `${shown(effect.after.schema, effect.after.table)}.${effect.after.name}`;
      const parts = effect.changes.map((change) => {
        switch (change) {
          case 'type':
            return `type ${effect.before.type} → ${effect.after.type}`;
          case 'set-not-null':
            return 'SET NOT NULL';
          case 'drop-not-null':
            return 'DROP NOT NULL';
          case 'default':
            return effect.after.default === null ? 'drops its default' : `default ${effect.after.default}`;
          default:
            return `${change} changed`;
        }
      });
      return `changes column ${where}: ${parts.join(', ')}`;
    }
    case 'constraint-added':
      return `adds ${CONSTRAINT_WORD[effect.constraint.type]} ${effect.constraint.name} on ${shown(effect.constraint.schema, effect.constraint.table)}${effect.constraint.validated ? '' : ' (NOT VALID)'}`;
    case 'constraint-dropped':
      return `drops ${CONSTRAINT_WORD[effect.constraint.type]} ${effect.constraint.name} on ${shown(effect.constraint.schema, effect.constraint.table)}`;
    case 'constraint-replaced':
      return `replaces ${CONSTRAINT_WORD[effect.after.type]} ${effect.before.name === effect.after.name ? effect.after.name : `${effect.before.name} with ${effect.after.name}`} on ${shown(effect.after.schema, effect.after.table)}`;
    case 'constraint-validated':
      return `validates ${CONSTRAINT_WORD[effect.constraint.type]} ${effect.constraint.name} on ${shown(effect.constraint.schema, effect.constraint.table)}`;
    case 'index-added':
      return `adds ${effect.index.unique ? 'unique ' : ''}index ${effect.index.name} on ${shown(effect.index.schema, effect.index.table)}`;
    case 'index-dropped':
      return `drops index ${effect.index.name} on ${shown(effect.index.schema, effect.index.table)}`;
    case 'index-replaced':
      return `rebuilds index ${effect.after.name} on ${shown(effect.after.schema, effect.after.table)} with a new definition`;
    case 'enum-added':
      return `adds enum ${table(effect.enum)} (${effect.enum.labels.join(', ')})`;
    case 'enum-dropped':
      return `drops enum ${table(effect.enum)}`;
    case 'enum-values-added':
      return `adds value${effect.added.length > 1 ? 's' : ''} ${effect.added.map((v) => `'${v}'`).join(', ')} to enum ${table(effect.after)}`;
    case 'enum-values-removed':
      return `removes value${effect.removed.length > 1 ? 's' : ''} ${effect.removed.map((v) => `'${v}'`).join(', ')} from enum ${table(effect.after)}`;
    case 'enum-values-reordered':
      return `reorders the values of enum ${table(effect.after)} (${effect.after.labels.join(', ')})`;
    case 'enum-value-renamed':
      return `renames enum value '${effect.from}' to '${effect.to}' in ${table(effect.enum)}`;
    case 'domain-added':
      return `adds domain ${table(effect.domain)} AS ${effect.domain.baseType}`;
    case 'domain-dropped':
      return `drops domain ${table(effect.domain)}`;
    case 'domain-changed': {
      const parts = effect.changes.map((change) =>
        change === 'set-not-null'
          ? 'SET NOT NULL'
          : change === 'drop-not-null'
            ? 'DROP NOT NULL'
            : effect.after.default === null
              ? 'drops its default'
              : `default ${effect.after.default}`,
      );
      return `changes domain ${table(effect.after)}: ${parts.join(', ')}`;
    }
    case 'domain-constraint-added':
      return `adds CHECK ${effect.constraint.name} to domain ${table(effect.domain)}${effect.constraint.validated ? '' : ' (NOT VALID)'}`;
    case 'domain-constraint-dropped':
      return `drops CHECK ${effect.constraint.name} of domain ${table(effect.domain)}`;
    case 'domain-constraint-validated':
      return `validates CHECK ${effect.constraint.name} of domain ${table(effect.domain)}`;
    case 'function-added':
      return `adds ${effect.function.kind} ${table(effect.function)}(${effect.function.identityArguments})`;
    case 'function-dropped':
      return `drops ${effect.function.kind} ${table(effect.function)}(${effect.function.identityArguments})`;
    case 'function-replaced':
      return `replaces ${effect.after.kind} ${table(effect.after)}(${effect.after.identityArguments})`;
    case 'trigger-added':
      return `adds trigger ${effect.trigger.name} ${effect.trigger.timing.toUpperCase()} ${effect.trigger.events.map((e) => e.toUpperCase()).join(' OR ')} ON ${shown(effect.trigger.schema, effect.trigger.table)}`;
    case 'trigger-dropped':
      return `drops trigger ${effect.trigger.name} on ${shown(effect.trigger.schema, effect.trigger.table)}`;
    case 'trigger-replaced':
      return `replaces trigger ${effect.after.name} on ${shown(effect.after.schema, effect.after.table)}`;
    case 'view-added':
      return `adds ${effect.view.kind === 'matview' ? 'materialized view' : 'view'} ${table(effect.view)}`;
    case 'view-dropped':
      return `drops ${effect.view.kind === 'matview' ? 'materialized view' : 'view'} ${table(effect.view)}`;
    case 'view-replaced':
      return `replaces ${effect.after.kind === 'matview' ? 'materialized view' : 'view'} ${table(effect.after)}`;
    case 'sequence-added':
      return `adds sequence ${table(effect.sequence)}`;
    case 'sequence-dropped':
      return `drops sequence ${table(effect.sequence)}`;
    case 'sequence-changed':
      return `changes sequence ${table(effect.after)}`;
    case 'policy-added':
      return `adds policy ${effect.policy.name} on ${shown(effect.policy.schema, effect.policy.table)}`;
    case 'policy-dropped':
      return `drops policy ${effect.policy.name} on ${shown(effect.policy.schema, effect.policy.table)}`;
    case 'policy-replaced':
      return `replaces policy ${effect.after.name} on ${shown(effect.after.schema, effect.after.table)}`;
    case 'extension-added':
      return `installs extension ${effect.extension.name}`;
    case 'extension-dropped':
      return `drops extension ${effect.extension.name}`;
    case 'extension-changed':
      return `updates extension ${effect.after.name} ${effect.before.version} → ${effect.after.version}`;
  }
}
