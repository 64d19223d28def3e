import type { ProbeRequest, SkippedProbe } from '../../analysis/probes/probe-request.js';
import { scanSource, type SourceNeedle } from '../../analysis/source/scan-source.js';
import { sourceFindings } from '../../analysis/source/source-findings.js';
import type { LintThresholds } from '../../analysis/lint/lint-migration.js';
import { catalogLintOptions } from '../../analysis/lint/catalog-lint-options.js';
import { projectSource } from '../project-lint-source.js';
import { lintSources } from '../../analysis/lint/lint-sources.js';
import { modelledProbeFindings } from '../../analysis/probes/rows-model/modelled-probe-findings.js';
import { onModelledRows, rowsAtProbes, type PendingStatements } from '../../analysis/probes/rows-model/rows-at-probe.js';
import { runProbes } from '../../analysis/probes/run-probes.js';
import type { ProbeForms } from '../../analysis/probes/probe-forms.js';
import { judgeTargetState } from '../../analysis/target-state/judge-target-state.js';
import { TouchedObjects } from '../../analysis/target-state/touched-objects.js';
import type { CatalogObjects, CatalogSnapshot } from '../../catalog/catalog-snapshot.js';
import { takeCatalogSnapshot } from '../../catalog/take-catalog-snapshot.js';
import { applyRuleSettings, type RuleSettings } from '../../core/apply-rule-settings.js';
import { countFindings, type Finding } from '../../core/finding.js';
import { Stopwatch } from '../../core/timings.js';
import { connectTarget, type ConnectedTarget } from '../../db/connect-target.js';
import { withReadOnlyTransaction } from '../../db/read-only.js';
import { parseTargetUrl } from '../../db/target-url.js';
import { outOfOrderPending } from '../../migrations/classify-migrations.js';
import { findRollback } from '../../migrations/find-rollback.js';
import { loadMigrationProject } from '../../migrations/load-migration-project.js';
import type { MigrationFormatId, MigrationState } from '../../migrations/migration.js';
import { readMigrationStates } from '../../migrations/read-migration-states.js';
import { MigrationReplayError } from '../../migrations/replay-migrations.js';
import type { CheckedMigration, CheckResult, SafetyLevel } from '../../report/check-result.js';
import { checkedRollback } from './checked-rollback.js';
import { shadowBuildFinding } from './shadow-build-finding.js';
import { rollbackMissingFinding } from '../rollback-missing.js';
import { statusFindings } from '../status-findings.js';
import { analyseRun } from './analyse-run.js';
import { applyOnShadow } from './apply-on-shadow.js';
import { openCheckShadow, shadowOptionsFor } from './open-check-shadow.js';
import { selectPending } from './select-pending.js';

export type CheckProgress =
  | { readonly phase: 'shadow'; readonly done: number; readonly total: number }
  | { readonly phase: 'apply'; readonly migration: string }
  | { readonly phase: 'probe'; readonly table: string; readonly estimatedRows: number | null };

export interface CheckOptions {
  /** Project root or migrations folder. */
  readonly dir: string;
  readonly dirLabel?: string;
  readonly format?: MigrationFormatId;
  /** The target; without one only the shadow is used and data probes are skipped. */
  readonly url?: string;
  readonly environment?: string;
  /** Check only these pending migrations. */
  readonly only?: readonly string[];
  /** Without a target: how many of the newest migrations count as pending. */
  readonly latest?: number;
  /** A PostgreSQL server for a scratch shadow database instead of the embedded one. */
  readonly shadowUrl?: string;
  /** Where cached shadows live; `defaultCacheDir(projectRoot)` when omitted. */
  readonly cacheDir?: string;
  /** Application code to scan for removed values and dropped names (config `source`). */
  readonly source?: { readonly include?: readonly string[]; readonly exclude?: readonly string[] };
  /** Config `rules` (a severity per rule id, or 'off'; with `policy` folded in) and `lint` thresholds. */
  readonly severities?: RuleSettings;
  readonly thresholds?: Partial<LintThresholds>;
  /** statement_timeout of the probe queries on the target (default 30 s). */
  readonly probeTimeoutMs?: number;
  /** Internal: force the probe forms (a test runs each over the same rows); the defaults otherwise. */
  readonly probeForms?: ProbeForms;
  readonly onProgress?: (event: CheckProgress) => void;
}

/**
 * The preflight (SPEC `check`): each pending migration is applied on an embedded shadow holding
 * the applied ones, its effects are read from the catalog diff, and the target's rows are asked —
 * read-only — whether any would make it fail. Never writes the target.
 */
export async function check(options: CheckOptions): Promise<CheckResult> {
  const stopwatch = new Stopwatch();
  const project = await stopwatch.time('migrations', () =>
    loadMigrationProject({ dir: options.dir, format: options.format, dirLabel: options.dirLabel }),
  );
  const spec = options.url === undefined ? undefined : parseTargetUrl(options.url);
  let target: ConnectedTarget | undefined;
  try {
    let states: readonly MigrationState[] | undefined;
    let snapshot: CatalogSnapshot | undefined;
    const findings: Finding[] = [];
    if (spec) {
      target = await stopwatch.time('connect', () => connectTarget(spec, options.environment));
      const client = target.client;
      const reading = await stopwatch.time('history', () => readMigrationStates(client, project, spec));
      states = reading.states;
      findings.push(
        ...statusFindings({
          format: project.format,
          history: reading.history,
          listingWarnings: project.warnings,
          migrations: reading.states,
          outOfOrder: outOfOrderPending(reading.states),
        }),
      );
      snapshot = await stopwatch.time('catalog', () => withReadOnlyTransaction(client, (tx) => takeCatalogSnapshot(tx)));
    }
    const selection = selectPending(project.migrations, states, {
      ...(options.only ? { only: options.only } : {}),
      ...(options.latest ? { latest: options.latest } : {}),
    });

    const migrations: CheckedMigration[] = [];
    const requests: ProbeRequest[] = [];
    const skipped: SkippedProbe[] = [];
    const needles: SourceNeedle[] = [];
    // Every statement of the pending batch in order: a probe counts the rows as those before its change leave them.
    const pendingStatements: PendingStatements[] = [];
    // Column types before the pending batch (the target's, else the shadow's): type-change rules decide with them.
    let columnsBefore: CatalogObjects['columns'] | undefined;
    let shadowInfo: CheckResult['shadow'] = { kind: 'embedded', fromCache: false, replayed: selection.applied.length, notes: [] };
    if (selection.pending.length) {
      const shadow = await stopwatch
        .time('shadow', () =>
          openCheckShadow({
            ...shadowOptionsFor(project, selection, { ...options, ...(target ? { target: target.info } : {}) }),
            onMigration: (done, total) => options.onProgress?.({ phase: 'shadow', done, total }),
          }),
        )
        .catch((error: unknown) => {
          if (error instanceof MigrationReplayError) return error;
          throw error;
        });
      if (shadow instanceof MigrationReplayError) {
        findings.push(shadowBuildFinding(shadow));
      } else {
        shadowInfo = shadow.info;
        try {
          const stateOf = new Map((states ?? []).map((s) => [s.id, s]));
          const touchedByPending = new Set<string>();
          const touchedObjects = new TouchedObjects();
          options.onProgress?.({ phase: 'apply', migration: selection.pending[0]!.id });
          for await (const run of applyOnShadow(shadow.client, selection.pending)) {
            stopwatch.add('apply', run.applyMs);
            columnsBefore ??= snapshot?.objects.columns ?? run.before.objects.columns;
            const analysis = await analyseRun(run, stateOf.get(run.migration.id), snapshot, { shadow: shadow.client, touchedByPending });
            const lookup = findRollback(run.migration, project.format.id, project.layout);
            migrations.push({ ...analysis.migration, rollback: checkedRollback(lookup) });
            findings.push(...analysis.findings);
            if (target && snapshot && run.after) {
              const targetClient = target.client;
              const input = { statements: run.statements, target: snapshot, before: run.before.objects, after: run.after.objects };
              const judged = await stopwatch.time('target-state', () =>
                judgeTargetState({
                  ...input,
                  migration: { id: run.migration.id, path: run.migration.path },
                  targetClient,
                  shadow: shadow.client,
                  touched: touchedObjects,
                  ...(options.probeTimeoutMs !== undefined ? { readOnly: { statementTimeoutMs: options.probeTimeoutMs } } : {}),
                }),
              );
              findings.push(...judged);
            }
            const missing = rollbackMissingFinding(run.migration, lookup, analysis.migration.level);
            if (missing) findings.push(missing);
            pendingStatements.push({ migration: run.migration.id, statements: run.statements });
            requests.push(...analysis.probes.requests);
            skipped.push(...analysis.probes.skipped);
            needles.push(...analysis.needles);
            const next = selection.pending[migrations.length];
            if (next) options.onProgress?.({ phase: 'apply', migration: next.id });
          }
        } finally {
          await shadow.close();
        }
      }
    }
    // Those after a failure build on it: what they would do cannot be known.
    for (const migration of selection.pending.slice(migrations.length)) {
      migrations.push({
        id: migration.id,
        path: migration.path,
        status: states?.find((s) => s.id === migration.id)?.status ?? 'pending',
        checksum: migration.checksum,
        outcome: 'not-checked',
        level: null,
        levelReasons: [],
        effects: [],
      });
    }

    // The lint rules on the pending batch: tables an earlier pending migration creates are new, and
    // with a target each lock rule's severity follows the table's real size.
    const linted = await stopwatch.time('lint', () =>
      lintSources(selection.pending.map(projectSource(project)), {
        pending: true,
        ...catalogLintOptions({
          ...(options.severities ? { severities: options.severities } : {}),
          ...(options.thresholds ? { thresholds: options.thresholds } : {}),
          ...(snapshot
            ? {
                tableStatistics: snapshot.statistics.tables,
                constraints: snapshot.objects.constraints,
                serverVersionNum: snapshot.source.serverVersionNum,
              }
            : {}),
          ...(columnsBefore ? { columns: columnsBefore } : {}),
        }),
      }),
    );
    // Syntax errors are already reported by the shadow run.
    findings.push(...linted.flatMap((l) => l.findings.filter((f) => f.ruleId !== 'syntax-error')));

    if (needles.length) {
      const scan = await stopwatch.time('source', () =>
        scanSource(
          {
            root: project.layout.projectRoot,
            migrationsDir: project.layout.migrationsDir,
            ...(options.source?.include ? { include: options.source.include } : {}),
            ...(options.source?.exclude ? { exclude: options.source.exclude } : {}),
          },
          needles,
        ),
      );
      findings.push(...sourceFindings(scan));
    }

    let probes: CheckResult['probes'];
    if (target && snapshot) {
      const client = target.client;
      const targetSnapshot = snapshot;
      const rowsAt = rowsAtProbes(pendingStatements, targetSnapshot.objects);
      const runnable = onModelledRows(requests, rowsAt);
      const results = await stopwatch.time('probes', () =>
        runProbes(client, runnable.requests, targetSnapshot, {
          ...(options.probeTimeoutMs !== undefined ? { statementTimeoutMs: options.probeTimeoutMs } : {}),
          ...(options.probeForms ? { forms: options.probeForms } : {}),
          rowsAt,
          onTable: (table, estimatedRows) =>
            options.onProgress?.({
              phase: 'probe',
              table: table.schema === 'public' ? table.name : `${table.schema}.${table.name}`,
              estimatedRows,
            }),
        }),
      );
      findings.push(...modelledProbeFindings(results, [...skipped, ...runnable.skipped]));
      probes = { ran: true, count: results.length };
    } else {
      probes = {
        ran: false,
        count: 0,
        skippedReason: 'no target was given, so only the shadow was used (pass --url, --env or set DATABASE_URL to probe the rows)',
      };
    }

    const settled = applyRuleSettings(findings, options.severities);
    const checkedLevels = migrations.map((m) => m.level).filter((l): l is SafetyLevel => l !== null);
    return {
      command: 'check',
      target: target?.info ?? null,
      layout: {
        format: project.format.id,
        tool: project.format.title,
        projectRoot: project.layout.projectRoot,
        migrationsDir: project.layout.migrationsDir,
      },
      basis: selection.basis,
      shadow: shadowInfo,
      probes,
      migrations,
      findings: settled,
      summary: {
        ...countFindings(settled),
        pending: selection.pending.length,
        level: checkedLevels.length ? (Math.max(...checkedLevels) as SafetyLevel) : null,
      },
      timings: stopwatch.result(),
    };
  } finally {
    await target?.client.close();
  }
}
