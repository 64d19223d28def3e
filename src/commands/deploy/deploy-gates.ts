import type { Finding } from '../../core/finding.js';
import { connectTarget } from '../../db/connect-target.js';
import { withReadOnlyTransaction } from '../../db/read-only.js';
import { parseTargetUrl } from '../../db/target-url.js';
import type { Migration } from '../../migrations/migration.js';
import { readRuns, type RunRecord } from '../../migrations/run-records.js';
import type { CheckResult } from '../../report/check-result.js';
import type { AcceptedFinding } from '../../report/deploy-result.js';

export interface CheckGate {
  /** Error-level findings nobody accepted: the deploy stops. */
  readonly blocking: readonly Finding[];
  readonly accepted: readonly AcceptedFinding[];
  /** The findings those entries let through, each with its reason (for the incident report). */
  readonly acceptedFindings: readonly { readonly finding: Finding; readonly reason: string }[];
  /** `--accept` entries that match no finding (stale, or a typo). */
  readonly unused: readonly Finding[];
}

/**
 * The check gate: no error-level finding may remain, unless a person accepted that rule for that
 * migration with a reason (`--accept rule:migration=reason`), which the run records.
 */
export function checkGate(check: CheckResult, accepts: readonly AcceptedFinding[]): CheckGate {
  const used = new Set<AcceptedFinding>();
  const blocking: Finding[] = [];
  const acceptedFindings: { finding: Finding; reason: string }[] = [];
  for (const finding of check.findings) {
    if (finding.severity !== 'error') continue;
    const accept = accepts.find((a) => a.ruleId === finding.ruleId && (a.migration === finding.migration || a.migration === '*'));
    if (accept) {
      used.add(accept);
      acceptedFindings.push({ finding, reason: accept.reason });
    } else blocking.push(finding);
  }
  const unused = accepts
    .filter((accept) => !used.has(accept))
    .map((accept): Finding => ({
      ruleId: 'deploy-accept-unused',
      severity: 'warning',
      message: `--accept ${accept.ruleId}:${accept.migration} matches no error of this deploy`,
      help: 'remove it, or check the rule id and migration (pgpreflight check lists them)',
    }));
  return { blocking, accepted: [...used], acceptedFindings, unused };
}

export interface StagingGate {
  readonly findings: readonly Finding[];
  /** The staging rehearsal that vouches for the level-3 migrations. */
  readonly run?: RunRecord;
}

/**
 * Level 3 on production (SPEC "Safety levels"): a green `rehearse` of the same files — same id,
 * same checksum — recorded in the staging database's `pgpreflight.runs`, with each rollback's round
 * trip passed (or the migration declared irreversible with a reason).
 */
export async function stagingGate(
  levelThree: readonly Migration[],
  staging: { readonly environment: string; readonly url: string } | undefined,
): Promise<StagingGate> {
  if (levelThree.length === 0) return { findings: [] };
  const names = levelThree.map((m) => m.id).join(', ');
  if (!staging) {
    return {
      findings: [
        {
          ruleId: 'deploy-needs-rehearsal',
          severity: 'error',
          message: `${names}: level 3 on production needs a green rehearsal on staging, and the config names no staging environment`,
          help: 'add environments.staging (or set stagingEnvironment on the production environment), then run `pgpreflight rehearse --env staging --record`',
        },
      ],
    };
  }
  const spec = parseTargetUrl(staging.url);
  const connected = await connectTarget(spec, staging.environment);
  let runs: RunRecord[];
  try {
    runs = await withReadOnlyTransaction(connected.client, (tx) => readRuns(tx, { command: 'rehearse', outcome: 'passed' }));
  } finally {
    await connected.client.close();
  }
  const vouches = (run: RunRecord, migration: Migration): boolean =>
    run.environment === staging.environment &&
    run.migrations.some(
      (m) => m.id === migration.id && m.checksum === migration.checksum && (m.rollback === 'passed' || m.rollback === 'irreversible'),
    );
  const run = runs.find((candidate) => levelThree.every((migration) => vouches(candidate, migration)));
  if (run) return { findings: [], run };
  const missing = levelThree.filter((migration) => !runs.some((candidate) => vouches(candidate, migration)));
  return {
    findings: (missing.length ? missing : levelThree).map((migration) => ({
      ruleId: 'deploy-needs-rehearsal',
      severity: 'error' as const,
      message: `${migration.id} is level 3 and has no green rehearsal of this version (checksum ${migration.checksum.slice(0, 12)}…) with a passing rollback on ${staging.environment}`,
      help: `run \`pgpreflight rehearse --env ${staging.environment} --record\` with these files, fix what it reports, then deploy again`,
      migration: migration.id,
      file: migration.path,
      evidence: { staging: staging.environment, checksum: migration.checksum, rehearsals: runs.length },
    })),
  };
}
