import path from 'node:path';
import { loadMigrationProject, type MigrationProject } from '../../migrations/load-migration-project.js';
import type { MigrationFormatId } from '../../migrations/migration.js';
import type { IncidentResult } from '../../report/incident-result.js';
import { failingStatement } from './failing-statement.js';
import { mergeIncidentFacts, type IncidentFacts } from './incident-facts.js';
import { incidentFromHistory } from './incident-from-history.js';
import { incidentFromReportFile } from './incident-from-report.js';
import { writeIncidentReport } from './write-incident-report.js';

export interface IncidentOptions {
  /** docs/HOTFIX-… is written here; migration paths are relative to it. */
  readonly projectRoot: string;
  /** The migrations project (default: projectRoot). */
  readonly dir?: string;
  readonly dirLabel?: string;
  readonly format?: MigrationFormatId;
  /** A target whose migration history is read for the failure. */
  readonly url?: string;
  readonly environment?: string;
  /** A saved pgpreflight JSON report (check, rehearse, status, deploy). */
  readonly from?: string;
  /** How `from` was given, for messages. */
  readonly fromLabel?: string;
  /** The migration to report on; default: the one the report names, else the newest failed one. */
  readonly migration?: string;
  readonly slug?: string;
  readonly now?: Date;
}

/**
 * Writes the incident report for a failed migration, prefilled from what is known: a saved JSON
 * report (`from`) first, then the target's history. With neither, the template alone is written
 * and `prefilled` is false.
 */
export async function incident(options: IncidentOptions): Promise<IncidentResult> {
  const fromReport: IncidentFacts | undefined = options.from
    ? incidentFromReportFile(path.resolve(options.projectRoot, options.from), options.fromLabel ?? options.from)
    : undefined;
  const wanted = options.migration ?? fromReport?.migration?.id;
  let project: MigrationProject | undefined;
  if (options.url) {
    // Reading history needs the layout: its absence is an error here, not a silent empty report.
    project = await loadMigrationProject({ dir: options.dir ?? options.projectRoot, format: options.format, dirLabel: options.dirLabel });
  }
  const fromHistory = options.url
    ? await incidentFromHistory({ project: project!, url: options.url, environment: options.environment, migration: wanted })
    : undefined;
  const named: IncidentFacts | undefined = options.migration ? { migration: { id: options.migration } } : undefined;
  let input = mergeIncidentFacts(fromReport, fromHistory, named);

  if (input.migration && !input.migration.path) {
    project ??= await loadMigrationProject({ dir: options.dir ?? options.projectRoot, format: options.format }).catch(() => undefined);
    const found = project?.migrations.find((m) => m.id === input.migration!.id || m.historyKey === input.migration!.id);
    if (found) input = { ...input, migration: { id: found.id, path: found.path } };
  }
  if (input.migration?.path && !input.statement?.text) {
    const root = project?.layout.projectRoot ?? options.projectRoot;
    const statement = await failingStatement(path.resolve(root, input.migration.path), input.statement?.line, input.constraint);
    if (statement) input = { ...input, statement };
  }

  const file = writeIncidentReport({
    projectRoot: options.projectRoot,
    input,
    ...(options.slug ? { slug: options.slug } : {}),
    date: options.now ?? validDate(input.occurredAt) ?? new Date(),
  });
  const prefilled = Boolean(input.migration || input.message || input.sqlState || input.findings.length);
  return { command: 'incident', file, prefilled, input };
}

function validDate(iso: string | undefined): Date | undefined {
  const date = iso ? new Date(iso) : undefined;
  return date && !Number.isNaN(date.getTime()) ? date : undefined;
}
