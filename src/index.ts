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
