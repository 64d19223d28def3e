import { answerTableQuestions } from '../../analysis/verify/answer-table-questions.js';
import { expectedCatalog, type ExpectedCatalog } from '../../analysis/verify/expected-catalog.js';
import { expectedFromConfig, expectedFromMigrations } from '../../analysis/verify/expected-objects.js';
import { DEFAULT_VERIFY_THRESHOLDS, type VerifyThresholds } from '../../analysis/verify/health/health-context.js';
import { CATALOG_HEALTH_CHECKS } from '../../analysis/verify/health/health-checks.js';
import { sequenceBehindColumn, sequenceExtremeQuestions } from '../../analysis/verify/health/sequence-behind-column.js';
import { readSequenceUses } from '../../analysis/verify/read-sequence-uses.js';
import type { Invariant } from '../../analysis/verify/run-invariant.js';
import { resolveUniqueEntries, uniqueCheckRun, type UniqueEntry } from '../../analysis/verify/unique-checks.js';
import { settleCheck, type Severities, type VerifyCheckRun } from '../../analysis/verify/verify-check-run.js';
import { verifyScope } from '../../analysis/verify/verify-scope.js';
import { takeCatalogSnapshot } from '../../catalog/take-catalog-snapshot.js';
import { countFindings, type Finding } from '../../core/finding.js';
import { Stopwatch } from '../../core/timings.js';
import type { VerifyCheck } from '../../core/verify-check.js';
import { connectTarget } from '../../db/connect-target.js';
import { withReadOnlyTransaction } from '../../db/read-only.js';
import { defaultCacheDir } from '../../db/shadow-cache-dir.js';
import { parseTargetUrl } from '../../db/target-url.js';
import { assertUserCondition, assertUserQuery } from '../../sql/user-sql.js';
import type { MigrationFormatId } from '../../migrations/migration.js';
import { readMigrationStates } from '../../migrations/read-migration-states.js';
import { MigrationReplayError } from '../../migrations/replay-migrations.js';
import type { VerifyResult } from '../../report/verify-result.js';
import { loadVerifyProject } from './load-verify-project.js';
import { runInvariants, runInvariantsAlongside, type Settled } from './run-invariants.js';

export type VerifyProgress =
  | { readonly phase: 'shadow'; readonly done: number; readonly total: number }
  | { readonly phase: 'invariant'; readonly name: string }
  | { readonly phase: 'table'; readonly table: string; readonly estimatedRows: number | null };

export interface VerifyOptions {
  /** The target: postgres:// URL, libpq key=value string, or pglite:PATH. */
  readonly url: string;
  readonly environment?: string;
  /** Project root or migrations folder: every constraint and index its applied migrations create must exist. */
  readonly dir?: string;
  readonly dirLabel?: string;
  readonly format?: MigrationFormatId;
  /** A `dir` without a migrations layout skips that comparison instead of failing (the CLI's default folder). */
  readonly migrationsOptional?: boolean;
  /** Config `invariants`: queries whose rows are violations. */
  readonly invariants?: readonly Invariant[];
  /** Config `unique`: keys that must not repeat. */
  readonly unique?: readonly UniqueEntry[];
  /** Config `expect`: constraints and indexes that must exist. */
  readonly expect?: { readonly constraints?: readonly string[]; readonly indexes?: readonly string[] };
  /** Config `verify`: thresholds of the health checks. */
  readonly thresholds?: Partial<VerifyThresholds>;
  /** Config `rules`: a severity per rule id, or 'off' (a health check set off is skipped). */
  readonly severities?: Severities;
  /** statement_timeout of each query on the target (default 30 s). */
  readonly queryTimeoutMs?: number;
  /** Where cached shadows live; `defaultCacheDir(projectRoot)` when omitted. */
  readonly cacheDir?: string;
  readonly onProgress?: (event: VerifyProgress) => void;
}

/**
 * The runbook's validate / check-duplicates / verify-constraints scripts as one read-only pass over
 * the target (SPEC `verify`): the config's invariants and unique keys, the constraints and indexes
 * the applied migrations create (and the config lists), and the built-in health checks. Everything
 * on the target runs in READ ONLY transactions with statement and lock timeouts — the catalog and
 * row checks in one, the invariants beside it on a second connection of a server — each query
 * under a savepoint so one failure leaves the others standing. Never writes.
 */
export async function verify(options: VerifyOptions): Promise<VerifyResult> {
  const stopwatch = new Stopwatch();
  const spec = parseTargetUrl(options.url);
  await assertUserText(options);
  const dir = options.dir;
  const loaded = dir === undefined ? undefined : await stopwatch.time('migrations', () => loadVerifyProject({ ...options, dir }));
  const project = loaded && 'project' in loaded ? loaded.project : undefined;
  const severities = options.severities ?? {};
  const off = (ruleId: string): boolean => severities[ruleId] === 'off';
  const thresholds = { ...DEFAULT_VERIFY_THRESHOLDS, ...definedOnly(options.thresholds ?? {}) };
  const { client, info } = await stopwatch.time('connect', () => connectTarget(spec, options.environment));
  try {
    // The invariants need neither the history nor the catalog: on a server they start at once.
    const readOnly = options.queryTimeoutMs !== undefined ? { statementTimeoutMs: options.queryTimeoutMs } : {};
    const invariantOptions = {
      invariants: options.invariants ?? [],
      stopwatch,
      onInvariant: (name: string) => options.onProgress?.({ phase: 'invariant', name }),
    };
    const alongside = runInvariantsAlongside(spec, options.environment, { ...invariantOptions, readOnly });
    let applied: NonNullable<typeof project>['migrations'] = [];
    let historyTable = '';
    let modified = 0;
    if (project) {
      const reading = await stopwatch.time('history', () => readMigrationStates(client, project, spec));
      const ran = new Set(reading.states.filter((s) => s.status === 'applied' || s.status === 'modified').map((s) => s.id));
      applied = project.migrations.filter((m) => ran.has(m.id));
      historyTable = reading.history.table;
      modified = reading.states.filter((s) => s.status === 'modified').length;
    }
    // The expected schema comes from the embedded shadow while the target is read.
    const expected: Promise<Settled<ExpectedCatalog>> | undefined =
      project && applied.length && !off('expected-object-missing')
        ? stopwatch
            .time('shadow', () =>
              expectedCatalog({
                format: project.format.id,
                migrations: applied,
                cacheDir: options.cacheDir ?? defaultCacheDir(project.layout.projectRoot),
                onMigration: (done, total) => options.onProgress?.({ phase: 'shadow', done, total }),
              }),
            )
            .then(
              (value) => ({ value }),
              (error: unknown) => ({ error }),
            )
        : undefined;

    const read = await withReadOnlyTransaction(
      client,
      async (tx) => {
        // Grouping unique keys in memory beats sorting on disk; local to this transaction.
        await tx.exec("SET LOCAL work_mem = '64MB'");
        const snapshot = await stopwatch.time('catalog', () => takeCatalogSnapshot(tx));
        const scoped = verifyScope(snapshot.objects, { supabasePlatform: project?.format.id === 'supabase' });
        const uses = await stopwatch.time('sequences', () => readSequenceUses(tx, scoped.sequences));
        const invariants = alongside ? [] : await runInvariants(tx, invariantOptions);
        const unique = resolveUniqueEntries(options.unique ?? [], snapshot.objects);
        const answers = await answerTableQuestions(
          tx,
          unique.flatMap((u) => (u.question && !u.enforcedBy ? [{ id: u.id, question: u.question }] : [])),
          off('sequence-behind-column') ? [] : sequenceExtremeQuestions(scoped, uses),
          snapshot,
          (table, estimatedRows) =>
            options.onProgress?.({
              phase: 'table',
              table: table.schema === 'public' ? table.name : `${table.schema}.${table.name}`,
              estimatedRows,
            }),
        );
        stopwatch.add('duplicates', answers.ms.duplicates);
        stopwatch.add('sequences', answers.ms.extremes);
        return { snapshot, scoped, uses, invariants, unique, answers };
      },
      readOnly,
    );
    const alongsideRuns = alongside ? await alongside : undefined;
    if (alongsideRuns && 'error' in alongsideRuns) throw alongsideRuns.error;

    const runs: VerifyCheckRun[] = [
      ...(alongsideRuns ? alongsideRuns.value : read.invariants),
      ...read.unique.map((u) => uniqueCheckRun(u, read.answers.duplicates.get(u.id))),
    ];
    let reported = new Set<string>();
    let shadow: VerifyResult['shadow'] = null;
    const migrationsCheck = { id: 'expected-objects:migrations', kind: 'expected-objects' as const, ms: 0 };
    if (expected) {
      const outcome = await expected;
      if ('error' in outcome) {
        if (!(outcome.error instanceof MigrationReplayError)) throw outcome.error;
        runs.push({ ...migrationsCheck, ...replayFailed(outcome.error, applied.length) });
      } else {
        const notes = [
          ...outcome.value.notes,
          // What the target ran may differ from the file now: the comparison can only use the file.
          ...(modified
            ? [
                `${modified} applied migration${modified === 1 ? ' was' : 's were'} changed on disk after being applied: expected objects come from the files as they are now`,
              ]
            : []),
        ];
        shadow = { kind: 'embedded', fromCache: outcome.value.fromCache, replayed: applied.length, notes };
        const compared = expectedFromMigrations(outcome.value.objects, read.snapshot.objects, applied.length);
        reported = compared.reported;
        runs.push({ ...compared.run, ms: 0 });
      }
    } else {
      runs.push({
        ...migrationsCheck,
        title: 'constraints and indexes the applied migrations create',
        summary: '',
        findings: [],
        skipped: !project
          ? loaded && 'reason' in loaded
            ? loaded.reason
            : 'no migrations project given'
          : off('expected-object-missing')
            ? 'off in the config (rules)'
            : 'no applied migration on the target',
      });
    }
    if (options.expect?.constraints?.length || options.expect?.indexes?.length) {
      runs.push({ ...expectedFromConfig(options.expect, read.snapshot.objects), ms: 0 });
    }

    const context = { objects: read.scoped, statistics: read.snapshot.statistics, sequences: read.uses, thresholds, reported };
    const health: VerifyCheckRun[] = CATALOG_HEALTH_CHECKS.map(([ruleId, check]) => {
      const start = performance.now();
      const run = check(context);
      return off(ruleId)
        ? { ...run, findings: [], skipped: 'off in the config (rules)', ms: 0 }
        : { ...run, ms: performance.now() - start };
    });
    const behind = off('sequence-behind-column')
      ? { ...sequenceBehindColumn(read.scoped, [], new Map()), skipped: 'off in the config (rules)', ms: 0 }
      : { ...sequenceBehindColumn(read.scoped, read.uses, read.answers.extremes), ms: read.answers.ms.extremes };
    health.splice(health.findIndex((run) => run.kind === 'sequence-headroom') + 1, 0, behind);
    runs.push(...health);

    const checks: VerifyCheck[] = [];
    const findings: Finding[] = [];
    for (const run of runs) {
      const settled = settleCheck(run, severities);
      checks.push(settled.check);
      findings.push(...settled.findings);
    }
    return {
      command: 'verify',
      target: info,
      project: project
        ? {
            format: project.format.id,
            tool: project.format.title,
            migrationsDir: project.layout.migrationsDir,
            historyTable,
            applied: applied.length,
          }
        : null,
      shadow,
      checks,
      findings,
      summary: {
        ...countFindings(findings),
        checks: checks.length,
        passed: checks.filter((c) => c.outcome === 'pass').length,
        failed: checks.filter((c) => c.outcome === 'fail').length,
        warned: checks.filter((c) => c.outcome === 'warn').length,
        skipped: checks.filter((c) => c.outcome === 'skipped').length,
      },
      timings: stopwatch.result(),
    };
  } finally {
    await client.close();
  }
}

/** An applied migration the embedded shadow cannot run (an extension PGlite lacks…): the comparison is skipped, with a warning. */
function replayFailed(error: MigrationReplayError, applied: number): Omit<VerifyCheckRun, 'id' | 'kind' | 'ms'> {
  return {
    title: `constraints and indexes of the ${applied} applied migration${applied === 1 ? '' : 's'}`,
    summary: '',
    skipped: `not compared: ${error.migration.id} fails on the embedded shadow (SQLSTATE ${error.error.sqlState})`,
    findings: [
      {
        ruleId: 'shadow-build-failed',
        severity: 'warning',
        message: `the constraints and indexes the migrations create were not compared: applied migration ${error.migration.id} fails on the embedded shadow: ${error.error.message} (SQLSTATE ${error.error.sqlState})`,
        ...(error.hint ? { help: error.hint } : {}),
        migration: error.migration.id,
        file: error.migration.path,
        ...(error.line !== undefined ? { line: error.line } : {}),
        evidence: { sqlState: error.error.sqlState, error: error.error.message },
      },
    ],
  };
}

/** Every text of the config that reaches the target is one query (or one condition), refused before anything runs otherwise. */
async function assertUserText(options: Pick<VerifyOptions, 'invariants' | 'unique'>): Promise<void> {
  for (const [i, invariant] of (options.invariants ?? []).entries()) await assertUserQuery(invariant.sql, `invariants[${i}].sql`);
  for (const [i, entry] of (options.unique ?? []).entries()) {
    if (entry.where !== undefined) await assertUserCondition(entry.where, `unique[${i}].where`);
  }
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
