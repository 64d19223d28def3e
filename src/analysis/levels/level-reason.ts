import { effectTable, type Effect } from '../../catalog/effect.js';
import { objectNames, type AttributedEffect } from '../effects/attribute-effects.js';
import type { LevelContext, SafetyLevel } from './safety-level.js';

// Where the general "<verb> <noun> <name>" reads wrong, or the level needs saying.
const PHRASE: Readonly<Record<string, (name: string, table: string) => string>> = {
  'constraint-added': (name, table) => `adds constraint ${name} to existing table ${table}`,
  'index-added': (name, table) => `builds index ${name} without CONCURRENTLY on existing table ${table}`,
  'trigger-added': (name, table) => `adds trigger ${name} to existing table ${table}`,
  'policy-added': (name, table) => `adds policy ${name} to existing table ${table}`,
  'column-added': (name) => `adds column ${name}, which rewrites or rejects existing rows`,
  'enum-values-removed': (name) => `removes values from enum ${name}`,
  'enum-values-added': (name) => `adds values to enum ${name}`,
  'enum-value-renamed': (name) => `renames a value of enum ${name}`,
  'rls-enabled': (_name, table) => `enables row-level security on ${table}`,
  'rls-disabled': (_name, table) => `disables row-level security on ${table}`,
  'partition-attached': (_name, table) => `attaches ${table} as a partition, scanning its rows under an ACCESS EXCLUSIVE lock`,
  'partition-detached': (_name, table) => `detaches partition ${table}`,
};

// The same effects when they do not raise the level to 3.
const ADDITIVE: Readonly<Record<string, (name: string, table: string) => string>> = {
  'column-added': (name) => `adds column ${name}`,
  'index-added': (name, table) => `builds index ${name} concurrently on ${table}`,
  'trigger-added': (name, table) => `adds trigger ${name} to empty table ${table}`,
  'policy-added': (name, table) => `adds policy ${name} to empty table ${table}`,
};

const ACTION: Readonly<Record<string, string>> = {
  added: 'adds',
  dropped: 'drops',
  replaced: 'replaces',
  renamed: 'renames',
  changed: 'changes',
  validated: 'validates',
};

/** "replaces constraint inventory_transactions_reference_type_check (line 17)". */
export function describeLevelReason({ effect, source }: AttributedEffect, level: SafetyLevel, context: LevelContext): string {
  const table = effectTable(effect)?.name ?? '';
  const name = nameOf(effect);
  const phrase = (level < 3 ? ADDITIVE[effect.kind] : undefined) ?? PHRASE[effect.kind];
  const [noun, action] = splitKind(effect.kind);
  const text = domainReason(effect) ?? (phrase ? phrase(name, table) : `${ACTION[action] ?? action} ${noun} ${name}`);
  const size =
    level === 3 && (effect.kind === 'index-added' || effect.kind === 'trigger-added') && !context.targetTables
      ? ' (size unknown without a target)'
      : '';
  return `${text}${source ? ` (line ${source.line})` : ''}${size}`;
}

/**
 * A domain that tightens is checked on every column of it, in every table, each under the SHARE
 * lock ADD CHECK takes on its table: the reason names those tables.
 */
function domainReason(effect: Effect): string | undefined {
  const scanned = (columns: readonly { readonly table: string }[]): string => {
    const tables = [...new Set(columns.map((c) => c.table))];
    return tables.length ? `, which scans ${tables.join(', ')} under a SHARE lock` : ', used by no column yet';
  };
  switch (effect.kind) {
    case 'domain-constraint-added':
      return effect.constraint.validated
        ? `adds CHECK ${effect.constraint.name} to domain ${effect.domain.name}${scanned(effect.columns)}`
        : `adds CHECK ${effect.constraint.name} NOT VALID to domain ${effect.domain.name}`;
    case 'domain-constraint-validated':
      return `validates CHECK ${effect.constraint.name} of domain ${effect.domain.name}${scanned(effect.columns)}`;
    case 'domain-changed':
      return effect.changes.includes('set-not-null')
        ? `sets NOT NULL on domain ${effect.after.name}${scanned(effect.columns)}`
        : `changes domain ${effect.after.name} (${effect.changes.join(', ')})`;
    default:
      return undefined;
  }
}

/** 'enum-values-removed' → ['enum values', 'removed']. */
function splitKind(kind: string): [string, string] {
  const at = kind.lastIndexOf('-');
  return [kind.slice(0, at).replace(/-/g, ' '), kind.slice(at + 1)];
}

function nameOf(effect: Effect): string {
  switch (effect.kind) {
    case 'column-added':
    case 'column-dropped':
      return `${effect.column.table}.${effect.column.name}`;
    case 'column-changed':
    case 'column-renamed':
      return `${effect.after.table}.${effect.after.name}`;
    case 'function-added':
    case 'function-dropped':
      return `${effect.function.name}()`;
    case 'function-replaced':
      return `${effect.after.name}()`;
    case 'enum-values-added':
    case 'enum-values-removed':
      return effect.after.name;
    case 'enum-value-renamed':
      return effect.enum.name;
    default:
      return objectNames(effect)[0] ?? '';
  }
}
