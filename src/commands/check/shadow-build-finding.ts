import type { Finding } from '../../core/finding.js';
import type { MigrationReplayError } from '../../migrations/replay-migrations.js';

/** An applied migration the shadow cannot replay: nothing pending can be vouched for. */
export function shadowBuildFinding(error: MigrationReplayError): Finding {
  return {
    ruleId: 'shadow-build-failed',
    severity: error.unsupported ? 'warning' : 'error',
    message: `the shadow could not be built: applied migration ${error.migration.id} fails there: ${error.error.message} (SQLSTATE ${error.error.sqlState}); no pending migration was checked`,
    ...(error.hint ? { help: error.hint } : {}),
    migration: error.migration.id,
    file: error.migration.path,
    ...(error.line !== undefined ? { line: error.line } : {}),
    evidence: { sqlState: error.error.sqlState, error: error.error.message },
  };
}
