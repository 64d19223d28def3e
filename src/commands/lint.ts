import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { LintThresholds } from '../analysis/lint/lint-migration.js';
import { catalogLintOptions } from '../analysis/lint/catalog-lint-options.js';
import { lintSources, type LintSource } from '../analysis/lint/lint-sources.js';
import type { CatalogSnapshot } from '../catalog/catalog-snapshot.js';
import { takeCatalogSnapshot } from '../catalog/take-catalog-snapshot.js';
import { countFindings, type Severity } from '../core/finding.js';
import { PgPreflightError } from '../core/pgpreflight-error.js';
import { Stopwatch } from '../core/timings.js';
import { connectTarget, type ConnectedTarget } from '../db/connect-target.js';
import { withReadOnlyTransaction } from '../db/read-only.js';
import { defaultCacheDir } from '../db/shadow-cache-dir.js';
import { parseTargetUrl } from '../db/target-url.js';
import { deliveryOfFile } from '../migrations/delivery/delivery-of-file.js';
import { loadMigrationProject } from '../migrations/load-migration-project.js';
import { decodeSqlBytes } from '../migrations/migration-file.js';
import { dbmateSections } from '../migrations/plain-sql/plain-sql-conventions.js';
import type { MigrationFormatId } from '../migrations/migration.js';
import { readMigrationStates } from '../migrations/read-migration-states.js';
import type { LintResult } from '../report/lint-result.js';
import { selectPending } from './check/select-pending.js';
import { LintCache } from './lint-cache.js';
import { projectSource } from './project-lint-source.js';

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
  /** Config `lint.postgresVersion`: the major version rules judge for when there is no target. */
  readonly postgresVersion?: number;
  /** Where the lint cache lives (default: the shadow cache folder); null turns it off. */
  readonly cacheDir?: string | null;
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
      const source = projectSource(project, rel);
      if (options.url !== undefined) {
        const spec = parseTargetUrl(options.url);
        target = await stopwatch.time('connect', () => connectTarget(spec, options.environment));
        const client = target.client;
        const { states } = await stopwatch.time('history', () => readMigrationStates(client, project, spec));
        snapshot = await stopwatch.time('catalog', () => withReadOnlyTransaction(client, (tx) => takeCatalogSnapshot(tx)));
        basis = 'target history';
        sources = selectPending(project.migrations, states).pending.map(source);
      } else if (options.latest) {
        basis = 'latest';
        sources = project.migrations.slice(-options.latest).map(source);
      } else {
        basis = 'all';
        sources = project.migrations.map(source);
      }
    }
    const pending = basis === 'target history' || basis === 'latest';
    const lintOptions = {
      pending,
      ...catalogLintOptions({
        ...(options.severities ? { severities: options.severities } : {}),
        ...(options.thresholds ? { thresholds: options.thresholds } : {}),
        ...(options.postgresVersion !== undefined ? { postgresVersion: options.postgresVersion } : {}),
        ...(snapshot
          ? {
              tableStatistics: snapshot.statistics.tables,
              columns: snapshot.objects.columns,
              constraints: snapshot.objects.constraints,
              serverVersionNum: snapshot.source.serverVersionNum,
            }
          : {}),
      }),
    };
    const thresholds = lintOptions.thresholds;
    // A file judged on its own, without table sizes, lints the same until it or the rules change.
    const cache =
      !pending && !snapshot && options.cacheDir !== null
        ? new LintCache(
            options.cacheDir ?? defaultCacheDir(cwd),
            JSON.stringify({ severities: options.severities ?? {}, thresholds, postgresVersion: options.postgresVersion }),
          )
        : undefined;
    const linted = await stopwatch.time('lint', async () => {
      if (!cache) return lintSources(sources, lintOptions);
      // How the tool sends the file is part of the answer: a version or a directive change re-lints it.
      const keys = sources.map((source) => cache.key(`${JSON.stringify(source.delivery ?? null)}\n${source.sql}`));
      const hits = sources.map((source, i) => cache.get(keys[i]!, source.path));
      const fresh = await lintSources(
        sources.filter((_, i) => !hits[i]),
        lintOptions,
      );
      let next = 0;
      const all = sources.map((source, i) => {
        const hit = hits[i];
        if (hit) return { source, statements: hit.statements, findings: hit.findings };
        const result = fresh[next++]!;
        cache.set(keys[i]!, result.statements, result.findings);
        return result;
      });
      cache.save();
      return all;
    });
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
    const absolutePath = path.resolve(cwd, file);
    const text = decodeSqlBytes(await readFile(absolutePath), file);
    // A dbmate file is linted as what runs: its up section (the down section undoes it).
    return { path: file, sql: dbmateSections(text)?.up ?? text, delivery: await deliveryOfFile(absolutePath, text) };
  } catch (error) {
    if (error instanceof PgPreflightError) throw error;
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
