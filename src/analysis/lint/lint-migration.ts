import { applyRuleSettings, type RuleSettings } from '../../core/apply-rule-settings.js';
import type { Finding, Severity } from '../../core/finding.js';
import type { FileDelivery } from '../../migrations/file-delivery.js';
import type { Statement } from '../../sql/statement.js';
import { lintFile, type LintStatement, type TableRef } from './lint-file.js';
import type { LintRule } from './lint-rule.js';
import { LINT_RULES } from './lint-rules.js';
import { readSuppressions, type Suppression } from './suppressions.js';

export interface LintThresholds {
  /** A lock rule on a table of at most this many rows is only info. */
  readonly smallTableRows: number;
  /** At least this many rows makes it an error. */
  readonly largeTableRows: number;
}

export const DEFAULT_THRESHOLDS: LintThresholds = { smallTableRows: 10_000, largeTableRows: 1_000_000 };

export interface LintOptions {
  /** Config `rules`: a severity per rule id, or 'off'. */
  readonly severities?: RuleSettings;
  /** Row estimate of an existing table on the target; undefined without a target or when unknown. */
  readonly tableRows?: (table: TableRef) => number | undefined;
  readonly thresholds?: LintThresholds;
  /** Tables created by earlier pending migrations (schema.name): they hold no rows yet. */
  readonly createdBefore?: ReadonlySet<string>;
  /** A column's current type (from the target or the shadow): lets type-change rules know the old type. */
  readonly columnType?: (table: TableRef, column: string) => string | undefined;
  readonly rules?: readonly LintRule[];
  /** How the file's tool sends it; without, an assumption the findings name. */
  readonly delivery?: FileDelivery;
  /** PostgreSQL major version of the target (or config `lint.postgresVersion`). */
  readonly postgresMajor?: number;
  /** The target has a validated CHECK (column IS NOT NULL) on the table. */
  readonly validatedNotNullCheck?: (table: TableRef, column: string) => boolean;
}

/**
 * Runs every rule on one migration file — its statements and those inside its DO blocks and function
 * bodies — and turns the hits into findings: severities from the rule, the config and (for lock
 * rules, with a target) the table's real size; suppression comments applied, and a suppression
 * without a reason, or one that suppresses nothing, reported itself.
 */
export function lintMigration(
  migration: { readonly id?: string; readonly path: string },
  statements: readonly Statement[],
  options: LintOptions = {},
): Finding[] {
  const file = lintFile({
    path: migration.path,
    statements,
    ...(options.createdBefore ? { createdBefore: options.createdBefore } : {}),
    ...(options.columnType ? { columnType: options.columnType } : {}),
    ...(options.delivery ? { delivery: options.delivery } : {}),
    ...(options.postgresMajor !== undefined ? { postgresMajor: options.postgresMajor } : {}),
    ...(options.validatedNotNullCheck ? { validatedNotNullCheck: options.validatedNotNullCheck } : {}),
  });
  const suppressions = readSuppressions(statements);
  const thresholds = options.thresholds ?? DEFAULT_THRESHOLDS;
  const findings: Finding[] = [];
  const where = (s: LintStatement) => ({
    ...(migration.id ? { migration: migration.id } : {}),
    file: migration.path,
    line: s.line,
    column: s.column,
  });

  for (const rule of options.rules ?? LINT_RULES) {
    for (const hit of rule.check(file)) {
      const suppression = suppressions.find((x) => x.rules.includes(rule.id) && (x.file || covers(x, hit.statement, statements)));
      if (suppression) {
        suppression.used = true;
        continue;
      }
      const rows = hit.table ? options.tableRows?.(hit.table) : undefined;
      let severity: Severity = hit.severity ?? rule.severity;
      if (rule.locksExistingTable && rows !== undefined) {
        severity = rows >= thresholds.largeTableRows ? 'error' : rows <= thresholds.smallTableRows ? 'info' : severity;
      }
      findings.push({
        ruleId: rule.id,
        severity,
        message: `${hit.message}${rows !== undefined && rule.locksExistingTable ? ` (~${Math.round(rows).toLocaleString('en')} rows on the target)` : ''}`,
        help: rule.help,
        ...where(hit.statement),
        evidence: {
          statement: hit.statement.text.length > 300 ? `${hit.statement.text.slice(0, 299)}…` : hit.statement.text,
          ...(hit.statement.inBody ? { inBody: true } : {}),
          ...(hit.table ? { table: hit.table.name } : {}),
          ...(rows !== undefined ? { rows } : {}),
          ...hit.evidence,
        },
      });
    }
  }
  for (const s of suppressions) {
    const at = { ...(migration.id ? { migration: migration.id } : {}), file: migration.path, line: s.line };
    if (!s.reason) {
      findings.push({
        ruleId: 'suppression-without-reason',
        severity: 'warning',
        message: `pgpreflight-ignore ${s.rules.join(', ')} gives no reason`,
        help: 'write why after a colon: -- pgpreflight-ignore <rule-id>: <reason>',
        ...at,
      });
    }
    if (!s.used) {
      findings.push({
        ruleId: 'unused-suppression',
        severity: 'warning',
        message: `pgpreflight-ignore ${s.rules.join(', ')} suppresses nothing`,
        help: 'remove it, or fix the rule id',
        ...at,
      });
    }
  }
  // The project's settings come last: a severity it chose wins over the one the table's size gives.
  return applyRuleSettings(findings, options.severities).sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}

/** A statement-level suppression covers the statement after it, and anything inside that statement's bodies. */
function covers(suppression: Suppression, hit: LintStatement, statements: readonly Statement[]): boolean {
  const target = statements[suppression.statementIndex!];
  return target !== undefined && hit.line >= target.line && hit.line <= target.endLine;
}
