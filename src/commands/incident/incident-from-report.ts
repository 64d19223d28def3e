import { readFileSync } from 'node:fs';
import type { Finding, Severity } from '../../core/finding.js';
import { PgPreflightError } from '../../core/pgpreflight-error.js';
import { formatTarget, type TargetInfo } from '../../db/describe-target.js';
import { parsePrismaLogs } from '../../migrations/prisma/parse-prisma-logs.js';
import type { RollbackOutcome } from '../../report/incident-input.js';
import type { IncidentFacts } from './incident-facts.js';

type Json = Readonly<Record<string, unknown>>;

const HINT = 'give a report pgpreflight saved with --format json --output FILE (check, rehearse, status, deploy)';

/** Reads `--from FILE`: a pgpreflight JSON report. Unreadable or foreign files are usage errors (exit 2). */
export function incidentFromReportFile(file: string, label: string): IncidentFacts {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new PgPreflightError('USAGE', `--from ${label}: cannot read it (${(error as NodeJS.ErrnoException).code ?? 'error'})`, {
      hint: HINT,
    });
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new PgPreflightError('USAGE', `--from ${label}: not a JSON document`, { hint: HINT });
  }
  if (!isObject(doc) || (doc.tool !== 'pgpreflight' && !isObject(doc.incident))) {
    throw new PgPreflightError('USAGE', `--from ${label}: not a pgpreflight JSON report`, { hint: HINT });
  }
  return incidentFromReport(doc, `--from ${label}${typeof doc.command === 'string' ? ` (${doc.command} report)` : ''}`);
}

/**
 * The facts a saved report holds. A document with an `incident` object (what `deploy` records on
 * failure) is taken as it is; otherwise they are gathered from its fields: the target, the first
 * error finding that carries a SQLSTATE (a migration that fails on the shadow, a workflow it
 * breaks, rows a probe found), a migration `status` lists as failed with its logs, an error.
 */
export function incidentFromReport(doc: Json, source: string): IncidentFacts {
  const findings = (Array.isArray(doc.findings) ? doc.findings : []).filter(isFinding).filter((f) => f.severity !== 'info');
  const recorded = isObject(doc.incident) ? pickIncident(doc.incident) : {};
  const facts: IncidentFacts = { ...recorded, sources: [...(recorded.sources ?? []), source] };
  // A deploy's own incident lists the findings it judged by; the report's are the same ones.
  facts.findings ??= findings;

  if (isObject(doc.target) && typeof doc.target.host === 'string') {
    const target = doc.target as unknown as TargetInfo;
    facts.environment ??= typeof target.environment === 'string' ? target.environment : undefined;
    facts.target ??= formatTarget(target);
  }
  const errors = findings.filter((f) => f.severity === 'error');
  const failing = errors.find((f) => typeof f.evidence?.sqlState === 'string') ?? errors[0];
  if (failing) {
    const evidence = failing.evidence ?? {};
    facts.sqlState ??= text(evidence.sqlState);
    facts.constraint ??= text(evidence.constraint);
    facts.table ??= text(evidence.table);
    facts.message ??= text(evidence.error) ?? failing.message;
    if (failing.ruleId === 'workflow-broken') facts.workflow ??= text(evidence.workflow);
    // Findings that predict a failure name the SQLSTATE in their message ("fails with SQLSTATE 23514").
    facts.sqlState ??= /\bSQLSTATE ([0-9A-Z]{5})\b/.exec(failing.message)?.[1];
    if (failing.migration) facts.migration ??= { id: failing.migration, ...(failing.file ? { path: failing.file } : {}) };
    if (failing.line !== undefined) facts.statement ??= { line: failing.line };
    if (typeof evidence.count === 'number')
      facts.rows ??= { count: evidence.count, ...(text(evidence.query) ? { query: text(evidence.query) } : {}) };
  }
  const failedMigration = (Array.isArray(doc.migrations) ? doc.migrations : [])
    .filter(isObject)
    .find((m) => m.status === 'failed' || m.outcome === 'failed' || m.outcome === 'fails-on-shadow');
  if (failedMigration && typeof failedMigration.id === 'string') {
    facts.migration ??= { id: failedMigration.id, ...(typeof failedMigration.path === 'string' ? { path: failedMigration.path } : {}) };
    if (typeof failedMigration.logs === 'string') {
      const logged = parsePrismaLogs(failedMigration.logs);
      facts.sqlState ??= logged.sqlState;
      facts.message ??= logged.message;
      facts.detail ??= logged.detail;
      facts.constraint ??= logged.constraint;
      facts.table ??= logged.table;
      if (logged.line !== undefined) facts.statement ??= { line: logged.line };
    }
  }
  if (isObject(doc.error) && typeof doc.error.message === 'string') facts.message ??= doc.error.message;
  // Only what concerns the failed migration: the report also judged the others in its batch.
  const failed = facts.migration?.id;
  if (failed) facts.findings = facts.findings.filter((f) => f.migration === undefined || f.migration === failed);
  return facts;
}

const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

function isFinding(value: unknown): value is Finding {
  return (
    isObject(value) &&
    typeof value.ruleId === 'string' &&
    typeof value.message === 'string' &&
    SEVERITIES.includes(value.severity as Severity)
  );
}

const ROLLBACK_OUTCOMES: readonly RollbackOutcome[] = [
  'transaction-rolled-back',
  'rollback-succeeded',
  'rollback-failed',
  'no-rollback',
  'not-attempted',
];

/** The fields of an IncidentInput-shaped object that have the right type; anything else is ignored. */
function pickIncident(raw: Json): IncidentFacts {
  const facts: IncidentFacts = {};
  for (const key of [
    'environment',
    'target',
    'sqlState',
    'constraint',
    'table',
    'message',
    'detail',
    'hint',
    'occurredAt',
    'workflow',
  ] as const) {
    if (typeof raw[key] === 'string') facts[key] = raw[key];
  }
  if (isObject(raw.migration) && typeof raw.migration.id === 'string') {
    facts.migration = { id: raw.migration.id, ...(typeof raw.migration.path === 'string' ? { path: raw.migration.path } : {}) };
  }
  if (isObject(raw.statement)) {
    const s = raw.statement;
    facts.statement = {
      ...(typeof s.text === 'string' ? { text: s.text } : {}),
      ...(typeof s.line === 'number' ? { line: s.line } : {}),
      ...(s.inferred === true ? { inferred: true } : {}),
    };
  }
  if (isObject(raw.rows) && typeof raw.rows.count === 'number') {
    facts.rows = { count: raw.rows.count, ...(typeof raw.rows.query === 'string' ? { query: raw.rows.query } : {}) };
  }
  if (isObject(raw.rollback) && ROLLBACK_OUTCOMES.includes(raw.rollback.outcome as RollbackOutcome)) {
    facts.rollback = {
      outcome: raw.rollback.outcome as RollbackOutcome,
      ...(typeof raw.rollback.file === 'string' ? { file: raw.rollback.file } : {}),
      ...(typeof raw.rollback.detail === 'string' ? { detail: raw.rollback.detail } : {}),
    };
  }
  if (isObject(raw.backup)) {
    facts.backup = {
      ...(typeof raw.backup.file === 'string' ? { file: raw.backup.file } : {}),
      ...(typeof raw.backup.bytes === 'number' ? { bytes: raw.backup.bytes } : {}),
    };
  }
  if (isObject(raw.history) && typeof raw.history.table === 'string' && typeof raw.history.state === 'string') {
    facts.history = { table: raw.history.table, state: raw.history.state };
  }
  if (Array.isArray(raw.findings)) facts.findings = raw.findings.filter(isFinding);
  if (Array.isArray(raw.accepted)) {
    facts.accepted = raw.accepted
      .filter(isObject)
      .filter((a) => isFinding(a.finding) && typeof a.reason === 'string')
      .map((a) => ({ finding: a.finding as Finding, reason: a.reason as string }));
  }
  if (Array.isArray(raw.sources)) facts.sources = raw.sources.filter((s): s is string => typeof s === 'string');
  if (Array.isArray(raw.timeline)) {
    facts.timeline = raw.timeline
      .filter(isObject)
      .filter((e) => typeof e.at === 'string' && typeof e.what === 'string')
      .map((e) => ({ at: e.at as string, what: e.what as string }));
  }
  return facts;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
