import os from 'node:os';
import { TOOL_VERSION } from '../core/tool-version.js';
import type { DatabaseClient } from '../db/database-client.js';

export type RunCommand = 'deploy' | 'rehearse' | 'rollback' | 'resolve';
export type RunOutcome = 'running' | 'passed' | 'failed' | 'rolled-back' | 'aborted';

/** A migration as a run saw it: the checksum ties a staging rehearsal to the file production gets. */
export interface RunMigration {
  readonly id: string;
  readonly checksum: string;
  readonly level?: number | null;
  /** What happened to it in this run: applied, failed, rolled-back, rehearsed… */
  readonly outcome?: string;
  /** Rehearse: the rollback round trip's outcome. */
  readonly rollback?: string;
  /** Deploy: steps committed so far (a non-transactional migration interrupted half-way). */
  readonly stepsDone?: number;
  readonly stepsTotal?: number;
}

export interface RunRecord {
  readonly id: number;
  readonly command: RunCommand;
  readonly environment: string | null;
  readonly migrations: readonly RunMigration[];
  readonly outcome: RunOutcome;
  readonly details: Readonly<Record<string, unknown>>;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly runBy: string;
  readonly actor: string | null;
}

// The evidence travels with the database: what ran, where, by whom, with which files, and how it
// ended. One row per run; a deploy updates its row as it goes, so a crash leaves `running` behind.
const RUNS_DDL = `CREATE SCHEMA IF NOT EXISTS pgpreflight;
CREATE TABLE IF NOT EXISTS pgpreflight.runs (
    id            bigserial PRIMARY KEY,
    command       text NOT NULL,
    environment   text,
    migrations    jsonb NOT NULL DEFAULT '[]',
    outcome       text NOT NULL,
    details       jsonb NOT NULL DEFAULT '{}',
    started_at    timestamptz NOT NULL DEFAULT now(),
    finished_at   timestamptz,
    run_by        text NOT NULL DEFAULT current_user,
    actor         text,
    tool_version  text NOT NULL
);`;

export async function ensureRunsTable(db: DatabaseClient): Promise<void> {
  try {
    await db.exec(RUNS_DDL);
  } catch (error) {
    // Two first runs at once: one creates, the other sees the type already there. Once more is enough.
    if (!/already exists|duplicate key/i.test(String((error as Error).message))) throw error;
    await db.exec(RUNS_DDL);
  }
}

/** Who ran it: the CI's actor when there is one, else the OS user. */
export function runActor(env: Readonly<Record<string, string | undefined>>): string {
  return env.GITHUB_ACTOR ?? env.GITLAB_USER_LOGIN ?? env.BUILDKITE_BUILD_CREATOR ?? env.USER ?? safeUserName();
}

export async function startRun(
  db: DatabaseClient,
  run: {
    readonly command: RunCommand;
    readonly environment?: string;
    readonly migrations: readonly RunMigration[];
    readonly details?: object;
    /** Who started it (runActor of the CLI's environment). */
    readonly actor?: string;
  },
): Promise<number> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO pgpreflight.runs (command, environment, migrations, outcome, details, actor, tool_version)
     VALUES ($1, $2, $3::jsonb, 'running', $4::jsonb, $5, $6) RETURNING id`,
    [
      run.command,
      run.environment ?? null,
      JSON.stringify(run.migrations),
      JSON.stringify(run.details ?? {}),
      run.actor ?? null,
      TOOL_VERSION,
    ],
  );
  return Number(rows[0]!.id);
}

export async function updateRun(
  db: DatabaseClient,
  id: number,
  update: {
    readonly outcome?: RunOutcome;
    readonly migrations?: readonly RunMigration[];
    readonly details?: object;
    readonly finished?: boolean;
  },
): Promise<void> {
  await db.query(
    `UPDATE pgpreflight.runs SET
        outcome = COALESCE($2, outcome),
        migrations = COALESCE($3::jsonb, migrations),
        details = details || COALESCE($4::jsonb, '{}'::jsonb),
        finished_at = CASE WHEN $5 THEN now() ELSE finished_at END
      WHERE id = $1`,
    [
      id,
      update.outcome ?? null,
      update.migrations ? JSON.stringify(update.migrations) : null,
      update.details ? JSON.stringify(update.details) : null,
      update.finished === true,
    ],
  );
}

/** A finished run recorded in one statement (rehearse on staging, resolve). */
export async function recordRun(
  db: DatabaseClient,
  run: {
    readonly command: RunCommand;
    readonly environment?: string;
    readonly migrations: readonly RunMigration[];
    readonly outcome: RunOutcome;
    readonly details?: object;
    readonly actor?: string;
  },
): Promise<number> {
  await ensureRunsTable(db);
  const id = await startRun(db, run);
  await updateRun(db, id, { outcome: run.outcome, finished: true });
  return id;
}

interface RunRow {
  readonly id: string;
  readonly command: RunCommand;
  readonly environment: string | null;
  readonly migrations: RunMigration[];
  readonly outcome: RunOutcome;
  readonly details: Record<string, unknown>;
  readonly started_at: Date | string;
  readonly finished_at: Date | string | null;
  readonly run_by: string;
  readonly actor: string | null;
}

/** Runs of one kind, newest first; none when the table does not exist yet. */
export async function readRuns(
  db: DatabaseClient,
  filter: { readonly command?: RunCommand; readonly outcome?: RunOutcome; readonly limit?: number } = {},
): Promise<RunRecord[]> {
  const { rows: exists } = await db.query<{ found: boolean }>(`SELECT to_regclass('pgpreflight.runs') IS NOT NULL AS found`);
  if (!exists[0]?.found) return [];
  const { rows } = await db.query<RunRow>(
    `SELECT id, command, environment, migrations, outcome, details, started_at, finished_at, run_by, actor
       FROM pgpreflight.runs
      WHERE ($1::text IS NULL OR command = $1) AND ($2::text IS NULL OR outcome = $2)
      ORDER BY id DESC LIMIT $3`,
    [filter.command ?? null, filter.outcome ?? null, filter.limit ?? 100],
  );
  return rows.map((row) => ({
    id: Number(row.id),
    command: row.command,
    environment: row.environment,
    migrations: row.migrations,
    outcome: row.outcome,
    details: row.details,
    startedAt: iso(row.started_at),
    finishedAt: row.finished_at === null ? null : iso(row.finished_at),
    runBy: row.run_by,
    actor: row.actor,
  }));
}

function iso(value: Date | string): string {
  return value instanceof Date ? value.toISOString() : new Date(value).toISOString();
}

function safeUserName(): string {
  try {
    return os.userInfo().username;
  } catch {
    return 'unknown';
  }
}
