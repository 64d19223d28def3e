import { PgPreflightError } from '../../core/pgpreflight-error.js';
import { connectTarget } from '../../db/connect-target.js';
import { formatTarget } from '../../db/describe-target.js';
import { parseTargetUrl } from '../../db/target-url.js';
import type { MigrationProject } from '../../migrations/load-migration-project.js';
import type { HistoryEntry } from '../../migrations/migration.js';
import { parsePrismaLogs } from '../../migrations/prisma/parse-prisma-logs.js';
import { readMigrationStates } from '../../migrations/read-migration-states.js';
import type { IncidentFacts } from './incident-facts.js';

export interface IncidentHistoryRequest {
  readonly project: MigrationProject;
  readonly url: string;
  readonly environment?: string;
  /** A migration to report on (id, history key or name); default: the newest failed one. */
  readonly migration?: string;
}

/**
 * The facts the target's migration history keeps about a failure, read in a read-only
 * transaction: the newest migration recorded as failed (or the one asked for), when it started,
 * and what its tool logged — for Prisma the error with SQLSTATE, constraint, table and the line.
 */
export async function incidentFromHistory(request: IncidentHistoryRequest): Promise<IncidentFacts> {
  const spec = parseTargetUrl(request.url);
  const { client, info } = await connectTarget(spec, request.environment);
  const { history, states } = await readMigrationStates(client, request.project, spec).finally(() => client.close());
  const where = `${history.table} on ${request.environment ?? formatTarget(info)}`;
  const facts: IncidentFacts = {
    ...(request.environment ? { environment: request.environment } : {}),
    target: formatTarget(info),
  };

  const entry = request.migration ? findEntry(history.entries, request.migration) : newestFailed(history.entries);
  if (!entry) {
    if (request.migration) {
      throw new PgPreflightError('USAGE', `--migration ${request.migration}: ${where} has no such migration`, {
        hint: 'give a migration id as pgpreflight status lists it',
      });
    }
    return { ...facts, sources: [`${where} (no failed migration recorded)`] };
  }
  const state = states.find((s) => s.id === entry.key || s.id.startsWith(`${entry.key}_`) || s.name === entry.name);
  const id = state?.id ?? entry.key;
  const logged = entry.logs ? parsePrismaLogs(entry.logs) : {};
  const at = isoUtc(entry.appliedAt);
  return {
    ...facts,
    migration: { id, ...(state?.path ? { path: state.path } : {}) },
    ...(logged.sqlState ? { sqlState: logged.sqlState } : {}),
    ...(logged.message ? { message: logged.message } : {}),
    ...(logged.detail ? { detail: logged.detail } : {}),
    ...(logged.hint ? { hint: logged.hint } : {}),
    ...(logged.constraint ? { constraint: logged.constraint } : {}),
    ...(logged.table ? { table: logged.table } : {}),
    ...(logged.line !== undefined ? { statement: { line: logged.line } } : {}),
    history: { table: history.table, state: entry.state },
    ...(at ? { occurredAt: at } : {}),
    timeline: at
      ? [{ at, what: `${id} ${entry.state === 'applied' ? 'applied' : 'started'}; ${history.table} records it as ${entry.state}` }]
      : [],
    sources: [where],
  };
}

function findEntry(entries: readonly HistoryEntry[], wanted: string): HistoryEntry | undefined {
  return entries.find((e) => e.key === wanted || e.name === wanted || `${e.key}_${e.name}` === wanted);
}

// Prisma records a failed attempt with its start time; the newest is the one a person is asking about.
function newestFailed(entries: readonly HistoryEntry[]): HistoryEntry | undefined {
  return entries
    .filter((e) => e.state === 'failed')
    .sort((a, b) => (b.appliedAt ?? '').localeCompare(a.appliedAt ?? ''))
    .at(0);
}

// History tables give PostgreSQL's text ("2026-12-02T06:56:04.063218+00:00"); reports use ISO UTC.
function isoUtc(text: string | null): string | undefined {
  const date = text ? new Date(text) : undefined;
  return date && !Number.isNaN(date.getTime()) ? date.toISOString().replace(/\.\d{3}Z$/, 'Z') : undefined;
}
