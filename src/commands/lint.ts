import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { tableKey } from '../analysis/lint/lint-file.js';
import { DEFAULT_THRESHOLDS, type LintThresholds } from '../analysis/lint/lint-migration.js';
import { lintSources, type LintSource } from '../analysis/lint/lint-sources.js';
import type { CatalogSnapshot } from '../catalog/catalog-snapshot.js';
import { takeCatalogSnapshot } from '../catalog/take-catalog-snapshot.js';
import { countFindings, type Severity } from '../core/finding.js';
import { PgPreflightError } from '../core/pgpreflight-error.js';
import { Stopwatch } from '../core/timings.js';
import { connectTarget, type ConnectedTarget } from '../db/connect-target.js';
import { withReadOnlyTransaction } from '../db/read-only.js';
import { parseTargetUrl } from '../db/target-url.js';
import { loadMigrationProject } from '../migrations/load-migration-project.js';
import type { MigrationFormatId } from '../migrations/migration.js';
import { readMigrationStates } from '../migrations/read-migration-states.js';
import type { LintResult } from '../report/lint-result.js';
import { selectPending } from './check/select-pending.js';

export interface LintOptions {
  /** Project root or migrations folder (when no files are named). */
  readonly dir: string;
  readonly dirLabel?: string;
  readonly format?: MigrationFormatId;
  /** SQL files to lint, relative to `cwd`; when empty, the project's migrations. */
  readonly files?: readonly string[];
  readonly cwd?: string;
  /** Optional target: its history says what is pending, its statistics how big each table is. */
  readonly url?: string;
  readonly environment?: string;
  /** Without a target: lint the newest N migrations as the pending ones. */
  readonly latest?: number;
  readonly severities?: Readonly<Record<string, Severity | 'off'>>;
  readonly thresholds?: Partial<LintThresholds>;
}

/** SPEC `lint`: the rules on migration SQL; no database needed, sharper with one. */
export async function lint(options: LintOptions): Promise<LintResult> {
  const stopwatch = new Stopwatch();
  const cwd = options.cwd ?? process.cwd();
  let target: ConnectedTarget | undefined;
  try {
    let sources: LintSource[];
    let basis: LintResult['basis'];
    let snapshot: CatalogSnapshot | undefined;
    if (options.files?.length) {
      basis = 'files';
      sources = await Promise.all(options.files.map((file) => readSource(cwd, file)));
      if (options.url !== undefined) {
        // Named files with a target: its table sizes set the severities.
        const spec = parseTargetUrl(options.url);
        target = await stopwatch.time('connect', () => connectTarget(spec, options.environment));
        const client = target.client;
        snapshot = await stopwatch.time('catalog', () => withReadOnlyTransaction(client, (tx) => takeCatalogSnapshot(tx)));
      }
    } else {
      const project = await stopwatch.time('migrations', () =>
        loadMigrationProject({ dir: options.dir, format: options.format, dirLabel: options.dirLabel }),
      );
      const rel = (p: string): string => path.relative(cwd, path.join(project.layout.projectRoot, p)) || p;
      if (options.url !== undefined) {
        const spec = parseTargetUrl(options.url);
        target = await stopwatch.time('connect', () => connectTarget(spec, options.environment));
        const client = target.client;
        const { states } = await stopwatch.time('history', () => readMigrationStates(client, project, spec));
        snapshot = await stopwatch.time('catalog', () => withReadOnlyTransaction(client, (tx) => takeCatalogSnapshot(tx)));
        basis = 'target history';
        sources = selectPending(project.migrations, states).pending.map((m) => ({ path: rel(m.path), id: m.id, sql: m.sql }));
      } else if (options.latest) {
        basis = 'latest';
        sources = project.migrations.slice(-options.latest).map((m) => ({ path: rel(m.path), id: m.id, sql: m.sql }));
      } else {
        basis = 'all';
        sources = project.migrations.map((m) => ({ path: rel(m.path), id: m.id, sql: m.sql }));
      }
    }
    const stats = snapshot?.statistics.tables;
    const linted = await stopwatch.time('lint', () =>
      lintSources(sources, {
        pending: basis === 'target history' || basis === 'latest',
        ...(options.severities ? { severities: options.severities } : {}),
        thresholds: { ...DEFAULT_THRESHOLDS, ...options.thresholds },
        ...(stats
          ? { tableRows: (t) => stats.find((s) => tableKey({ schema: s.schema, name: s.name }) === tableKey(t))?.rowEstimate ?? undefined }
          : {}),
      }),
    );
    const findings = linted.flatMap((l) => l.findings);
    return {
      command: 'lint',
      target: target?.info ?? null,
      basis,
      files: linted.map((l) => ({ path: l.source.path, ...(l.source.id ? { migration: l.source.id } : {}), statements: l.statements })),
      findings,
      summary: { ...countFindings(findings), files: linted.length },
      timings: stopwatch.result(),
    };
  } finally {
    await target?.client.close();
  }
}

async function readSource(cwd: string, file: string): Promise<LintSource> {
  try {
    return { path: file, sql: await readFile(path.resolve(cwd, file), 'utf8') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new PgPreflightError(
      'USAGE',
      `${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a SQL file' : 'cannot be read'}`,
      {
        hint:
          code === 'EISDIR'
            ? 'name the .sql files, or use --dir for a migrations folder'
            : 'check the path (relative to the current folder)',
      },
    );
  }
}
