import type { Effect } from './effect.js';

/** An object a deployed migration added or changed, as log events name it. */
export interface DeployedChange {
  readonly migration: string;
  readonly kind: 'constraint' | 'column' | 'table' | 'enum' | 'function' | 'trigger';
  readonly change: Effect['kind'];
  readonly schema: string;
  /** The table it is on (constraints, columns, triggers). */
  readonly table?: string;
  readonly name: string;
  /** The name before a rename or drop: what a 42703 / 42P01 from old code names. */
  readonly previousName?: string;
  /** A column's type after the change: a 22001 names only the type. */
  readonly type?: string;
  /** The trigger's function: errors raised inside it carry it in their CONTEXT. */
  readonly function?: string;
  /** "replaces CHECK x on t", for the report. */
  readonly description: string;
}

/** The objects a migration's effects (catalog diff on the shadow) touch, one entry each. */
export function deployedChanges(migration: string, effects: readonly Effect[]): DeployedChange[] {
  const out: DeployedChange[] = [];
  const add = (change: Omit<DeployedChange, 'migration'>): void => void out.push({ migration, ...change });
  for (const effect of effects) {
    switch (effect.kind) {
      case 'constraint-added':
      case 'constraint-validated':
      case 'constraint-replaced':
      case 'index-added':
      case 'index-replaced': {
        // A unique index names itself in 23505 like a constraint does.
        const object = 'constraint' in effect ? effect.constraint : 'index' in effect ? effect.index : effect.after;
        const what = 'unique' in object ? (object.unique ? 'unique index' : undefined) : object.type;
        if (!what) break;
        const name = 'unique' in object ? (object.constraint ?? object.name) : object.name;
        add({
          kind: 'constraint',
          change: effect.kind,
          schema: object.schema,
          table: object.table,
          name,
          description: `${verb(effect.kind)} ${what} ${name} on ${object.table}`,
        });
        break;
      }
      case 'column-added':
      case 'column-dropped':
      case 'column-renamed':
      case 'column-changed': {
        const c = 'column' in effect ? effect.column : effect.after;
        const before = 'before' in effect ? effect.before : c;
        const description: Readonly<Record<typeof effect.kind, string>> = {
          'column-added': `adds column ${c.table}.${c.name}`,
          'column-dropped': `drops column ${c.table}.${c.name}`,
          'column-renamed': `renames column ${c.table}.${before.name} to ${c.name}`,
          'column-changed': `changes column ${c.table}.${c.name} (${effect.kind === 'column-changed' ? effect.changes.join(', ') : ''})`,
        };
        add({
          kind: 'column',
          change: effect.kind,
          schema: c.schema,
          table: c.table,
          name: c.name,
          // What old code still names (42703), and the type a value must now fit (22001).
          ...(effect.kind === 'column-dropped' || effect.kind === 'column-renamed' ? { previousName: before.name } : { type: c.type }),
          description: description[effect.kind],
        });
        break;
      }
      case 'table-added':
      case 'table-dropped':
        add({
          kind: 'table',
          change: effect.kind,
          schema: effect.table.schema,
          name: effect.table.name,
          ...(effect.kind === 'table-dropped' ? { previousName: effect.table.name } : {}),
          description: `${verb(effect.kind)} table ${effect.table.name}`,
        });
        break;
      case 'table-renamed':
        add({
          kind: 'table',
          change: effect.kind,
          schema: effect.after.schema,
          name: effect.after.name,
          previousName: effect.before.name,
          description: `renames table ${effect.before.name} to ${effect.after.name}`,
        });
        break;
      case 'enum-values-removed':
      case 'enum-values-added':
      case 'enum-value-renamed':
      case 'enum-added': {
        const type = 'enum' in effect ? effect.enum : effect.after;
        const what: Readonly<Record<typeof effect.kind, string>> = {
          'enum-values-removed': `removes values of enum ${type.name}`,
          'enum-values-added': `adds values to enum ${type.name}`,
          'enum-value-renamed': `renames a value of enum ${type.name}`,
          'enum-added': `adds enum ${type.name}`,
        };
        add({ kind: 'enum', change: effect.kind, schema: type.schema, name: type.name, description: what[effect.kind] });
        break;
      }
      case 'function-added':
      case 'function-dropped':
      case 'function-replaced': {
        const fn = effect.kind === 'function-replaced' ? effect.after : effect.function;
        add({
          kind: 'function',
          change: effect.kind,
          schema: fn.schema,
          name: fn.name,
          description: `${verb(effect.kind)} function ${fn.name}(${fn.identityArguments})`,
        });
        break;
      }
      case 'trigger-added':
      case 'trigger-replaced': {
        const trigger = 'trigger' in effect ? effect.trigger : effect.after;
        add({
          kind: 'trigger',
          change: effect.kind,
          schema: trigger.schema,
          table: trigger.table,
          name: trigger.name,
          function: trigger.function.name,
          description: `${verb(effect.kind)} trigger ${trigger.name} on ${trigger.table}`,
        });
        break;
      }
      default:
        break;
    }
  }
  return out;
}

function verb(kind: Effect['kind']): string {
  const action = kind.slice(kind.lastIndexOf('-') + 1);
  const verbs: Readonly<Record<string, string>> = {
    added: 'adds',
    dropped: 'drops',
    replaced: 'replaces',
    validated: 'validates',
    renamed: 'renames',
    changed: 'changes',
  };
  return verbs[action] ?? action;
}
