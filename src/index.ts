// The library entry: `import { status, defineConfig } from 'pgpreflight'`.
export { status, type StatusOptions } from './commands/status.js';
export type { StatusResult, StatusCounts } from './report/status-result.js';
export { check, type CheckOptions, type CheckProgress } from './commands/check/check.js';
export type { CheckResult, CheckedMigration, CheckedEffect, SafetyLevel } from './report/check-result.js';
export type { Effect, EffectKind, ColumnChange } from './catalog/effect.js';
export { inspect, type InspectOptions } from './commands/inspect/inspect.js';
export { rehearse, type RehearseOptions } from './commands/rehearse/rehearse.js';
export type {
  RehearseResult,
  RehearsedMigration,
  RehearsedStatement,
  StatementLock,
  RehearseSample,
  RehearsedWorkflow,
  RollbackTrip,
} from './report/rehearse-result.js';
export type { InspectResult, InspectedConstraint, InspectedEnumColumn, AllowedValuesUsage, ValueUsage } from './report/inspect-result.js';
export { backup, type BackupOptions } from './commands/backup/backup.js';
export type { BackupResult, ArchiveSummary, PgToolUsed } from './report/backup-result.js';
export { restore, type RestoreOptions } from './commands/restore/restore.js';
export type { RestoreResult } from './report/restore-result.js';
export { incident, type IncidentOptions } from './commands/incident/incident.js';
export { writeIncidentReport, type WriteIncidentReportOptions } from './commands/incident/write-incident-report.js';
export { renderIncidentReport } from './report/render-incident-report.js';
export type { IncidentInput, IncidentTimelineEntry, RollbackOutcome } from './report/incident-input.js';
export type { IncidentResult } from './report/incident-result.js';
export { verify, type VerifyOptions, type VerifyProgress } from './commands/verify/verify.js';
export type { VerifyResult, VerifyCheck, VerifyCheckKind, VerifyCheckOutcome } from './report/verify-result.js';
export { drift, type DriftOptions } from './commands/drift/drift.js';
export type { DriftResult, DriftItem, DriftKind, DriftAllowEntry, StatusDrift } from './report/drift-result.js';
export { generateRollback, type GenerateRollbackOptions } from './commands/rollback/generate-rollback.js';
export type { RollbackGenerateResult } from './report/rollback-generate-result.js';
export { watch } from './commands/watch/watch.js';
export type { WatchOptions } from './commands/watch/watch-options.js';
export type { WatchResult, WatchEventGroup, WatchAlert, WatchProgress } from './report/watch-result.js';
export { defineConfig } from './config/define-config.js';
export type { PgPreflightConfig, ResolvedConfig } from './config/config-schema.js';
export { PgPreflightError, type ErrorCode } from './core/pgpreflight-error.js';
export { ExitCode } from './core/exit-code.js';
export type { Finding, Severity } from './core/finding.js';
export type { Timings } from './core/timings.js';
export { redactSecrets } from './core/redact-secrets.js';
export type { TargetInfo } from './db/describe-target.js';
export type { Migration, MigrationFormatId, MigrationState, MigrationStatus } from './migrations/migration.js';
export { runCli } from './cli/main.js';
