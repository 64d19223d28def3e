import { diffMigration } from '../../analysis/effects/diff-migration.js';
import { cascadeDropFindings } from '../../analysis/effects/cascade-drops.js';
import { checkValueChanges } from '../../analysis/effects/check-value-changes.js';
import { checkValueFindings } from '../../analysis/effects/check-value-findings.js';
import type { SourceNeedle } from '../../analysis/source/scan-source.js';
import { sourceNeedles } from '../../analysis/source/source-needles.js';
import { analyseWriters } from '../../analysis/writers/analyse-writers.js';
import { routineIdentity } from '../../analysis/writers/routines.js';
import type { DatabaseClient } from '../../db/database-client.js';
import { safetyLevel } from '../../analysis/levels/safety-level.js';
import { probesForEffects, type ProbePlan } from '../../analysis/probes/probes-for-effects.js';
import type { CatalogSnapshot } from '../../catalog/catalog-snapshot.js';
import type { Finding } from '../../core/finding.js';
import type { MigrationState } from '../../migrations/migration.js';
import type { CheckedMigration } from '../../report/check-result.js';
import { describeEffect } from '../../report/describe-effect.js';
import type { ShadowRun } from './apply-on-shadow.js';

export interface RunAnalysis {
  readonly migration: CheckedMigration;
  readonly findings: readonly Finding[];
  readonly probes: ProbePlan;
  /** Values and names the application must no longer use once this migration ships. */
  readonly needles: readonly SourceNeedle[];
}

/**
 * What one pending migration does, from its trip through the shadow: effects with the statement
 * behind each, the allowed values a replaced CHECK drops, the safety level, and the questions to
 * ask the target's rows. A migration that did not apply is itself the finding.
 */
export interface RunContext {
  /** The shadow, holding the schema right after this migration: writes are judged on it. */
  readonly shadow: DatabaseClient;
  /** Functions created or replaced by the pending migrations so far; this run adds its own. */
  readonly touchedByPending: Set<string>;
}

export async function analyseRun(
  run: ShadowRun,
  state: MigrationState | undefined,
  target: CatalogSnapshot | undefined,
  context: RunContext,
): Promise<RunAnalysis> {
  const ref = { id: run.migration.id, path: run.migration.path };
  const base = { ...ref, status: state?.status ?? 'pending', checksum: run.migration.checksum } as const;
  if (run.syntaxErrors.length) {
    const findings = run.syntaxErrors.map((f) => ({ ...f, migration: ref.id, file: f.file ?? ref.path }));
    return {
      migration: { ...base, outcome: 'fails-on-shadow', level: null, levelReasons: [], effects: [] },
      findings,
      probes: NO_PROBES,
      needles: [],
    };
  }
  if (run.failure || !run.after) {
    const failure = run.failure!;
    const statement = run.statements.find((st) => failure.line !== undefined && st.line <= failure.line && failure.line <= st.endLine);
    const finding: Finding = {
      ruleId: 'migration-fails-on-shadow',
      severity: failure.unsupported ? 'warning' : 'error',
      message: failure.unsupported
        ? `the embedded shadow cannot run this migration: ${failure.error.message} (SQLSTATE ${failure.error.sqlState}); it was not checked`
        : `fails on a database holding the migrations before it: ${failure.error.message} (SQLSTATE ${failure.error.sqlState})`,
      help: failure.unsupported
        ? (failure.hint ?? 'check this migration on a PostgreSQL server')
        : failure.error.sqlState.startsWith('23')
          ? 'rows that the earlier migrations insert already violate it: it fails on every database built from these migrations'
          : 'fix the statement: it fails the same way on deploy',
      migration: ref.id,
      file: ref.path,
      ...(failure.line !== undefined ? { line: failure.line } : {}),
      evidence: {
        sqlState: failure.error.sqlState,
        error: failure.error.message,
        ...(failure.error.detail ? { detail: failure.error.detail } : {}),
        ...(failure.error.constraint ? { constraint: failure.error.constraint } : {}),
        ...(statement ? { statement: statement.text.length > 500 ? `${statement.text.slice(0, 499)}…` : statement.text } : {}),
      },
    };
    return {
      migration: { ...base, outcome: 'fails-on-shadow', level: null, levelReasons: [], effects: [] },
      findings: [finding],
      probes: NO_PROBES,
      needles: [],
    };
  }

  const effects = diffMigration(run.before.objects, run.after.objects, run.statements);
  const valueChanges = await checkValueChanges(effects, run.before.objects);
  const valueFindings = checkValueFindings(valueChanges, ref);
  for (const { effect } of effects) {
    if (effect.kind === 'function-added') context.touchedByPending.add(routineIdentity(effect.function));
    if (effect.kind === 'function-replaced') context.touchedByPending.add(routineIdentity(effect.after));
  }
  const writerResults = await analyseWriters({
    migration: ref,
    effects,
    after: run.after.objects,
    shadow: context.shadow,
    ...(target ? { target: target.objects } : {}),
    touchedByPending: context.touchedByPending,
  });
  const verdict = safetyLevel(effects, run.statements, target ? { targetTables: target.statistics.tables } : {});
  const probes = target
    ? probesForEffects({
        migration: ref,
        effects,
        statements: run.statements,
        target: target.objects,
        targetServerVersionNum: target.source.serverVersionNum,
        after: run.after.objects,
        idPrefix: `${ref.id}#`,
      })
    : NO_PROBES;
  return {
    migration: {
      ...base,
      outcome: 'checked',
      level: verdict.level,
      levelReasons: verdict.reasons,
      effects: effects.map(({ effect, source }) => ({
        kind: effect.kind,
        summary: describeEffect(effect),
        ...(source ? { line: source.line, column: source.column, ...(source.inferred ? { inferred: true } : {}) } : {}),
        effect,
      })),
    },
    findings: [...valueFindings, ...cascadeDropFindings(effects, run.statements, ref), ...writerResults],
    probes,
    needles: sourceNeedles(ref.id, effects, valueChanges),
  };
}

const NO_PROBES: ProbePlan = { requests: [], skipped: [] };
