import type { Finding } from '../../core/finding.js';
import type { CheckValueChange } from './check-value-changes.js';

export interface MigrationRef {
  readonly id: string;
  readonly path: string;
}

const quote = (values: readonly string[]): string => values.map((v) => `'${v}'`).join(', ');

/**
 * A removed value is at least a warning even when no row holds it today (issue 4): a trigger, a
 * function or the application may still write it. `check` raises it to an error when a probe or the
 * writer analysis proves that something uses the value.
 */
export function checkValueFindings(changes: readonly CheckValueChange[], migration: MigrationRef): Finding[] {
  return changes.flatMap((change): Finding[] => {
    const where = {
      migration: migration.id,
      file: migration.path,
      ...(change.source ? { line: change.source.line, column: change.source.column } : {}),
    };
    const target = `${change.schema === 'public' ? '' : `${change.schema}.`}${change.table}.${change.column}`;
    if (!change.comparable) {
      return [
        {
          ruleId: 'check-values-not-comparable',
          severity: 'info',
          message: `CHECK ${change.constraint} on ${target} is not a list of values on both sides; which values it stops accepting cannot be listed`,
          help: 'compare the two definitions by hand (pgpreflight inspect constraint shows the current one)',
          ...where,
          evidence: {
            constraint: change.constraint,
            table: change.table,
            column: change.column,
            before: change.before.definition,
            after: change.after.definition,
          },
        },
      ];
    }
    if (change.removed.length === 0) return [];
    const plural = change.removed.length > 1;
    return [
      {
        ruleId: 'check-values-removed',
        severity: 'warning',
        message: `CHECK ${change.constraint} no longer allows ${quote(change.removed)} in ${target}${change.added.length ? ` (adds ${quote(change.added)})` : ''}`,
        help: `if ${plural ? 'these values are' : 'this value is'} still written anywhere (triggers, functions, the application), every such write will fail with SQLSTATE 23514: keep ${plural ? 'them' : 'it'} in the list, or move rows and writers off ${plural ? 'them' : 'it'} first`,
        ...where,
        evidence: {
          constraint: change.constraint,
          table: change.table,
          column: change.column,
          removed: change.removed,
          added: change.added,
          before: change.before.definition,
          after: change.after.definition,
        },
      },
    ];
  });
}
