import type { CatalogSequence } from '../../../catalog/catalog-snapshot.js';
import type { Finding } from '../../../core/finding.js';
import { quoteIdentifier } from '../../../sql/quote-identifier.js';
import type { SequenceColumn } from '../read-sequence-uses.js';
import { plural } from '../verify-check-run.js';
import { quoted, shown, type HealthCheck } from './health-context.js';

const INTEGER_RANGE: Readonly<Record<string, readonly [bigint, bigint]>> = {
  smallint: [-32768n, 32767n],
  integer: [-2147483648n, 2147483647n],
  bigint: [-9223372036854775808n, 9223372036854775807n],
};

// Below this much headroom (or the threshold, when set lower) it is an error: days, not months, remain.
const ERROR_PERCENT = 5;

/** Where a sequence runs out: its own MAXVALUE (MINVALUE when descending) or the type of a column it fills, whichever comes first. */
export interface SequenceLimit {
  readonly limit: bigint;
  readonly by: string;
}

export function sequenceLimit(sequence: CatalogSequence, columns: readonly SequenceColumn[]): SequenceLimit {
  const ascending = BigInt(sequence.increment) > 0n;
  let best: SequenceLimit = {
    limit: BigInt(ascending ? sequence.max : sequence.min),
    by: `the sequence's ${ascending ? 'MAXVALUE' : 'MINVALUE'}`,
  };
  for (const column of columns) {
    const range = INTEGER_RANGE[column.type];
    if (!range) continue;
    const limit = ascending ? range[1] : range[0];
    if (ascending ? limit < best.limit : limit > best.limit)
      best = { limit, by: `${shown(column.schema, column.table)}.${column.column} (${column.type})` };
  }
  return best;
}

/**
 * Sequences and identity columns close to the end of their range: nextval fails with SQLSTATE
 * 2200H at MAXVALUE, and an insert fails with 22003 when the column's type is narrower than the
 * sequence (a bigint sequence feeding an integer column). A warning under the threshold, an error
 * under 5 %. A sequence that cycles wraps instead of failing and is left out.
 */
export const sequenceHeadroom: HealthCheck = ({ objects, sequences, thresholds }) => {
  const threshold = thresholds.sequenceHeadroomPercent;
  const findings: Finding[] = [];
  let examined = 0;
  let unreadable = 0;
  for (const sequence of objects.sequences) {
    if (sequence.cycle) continue;
    const use = sequences.find((s) => s.schema === sequence.schema && s.name === sequence.name);
    if (use?.next === null || use?.next === undefined) {
      unreadable++;
      continue;
    }
    examined++;
    const { limit, by } = sequenceLimit(sequence, use.columns);
    const ascending = BigInt(sequence.increment) > 0n;
    const first = BigInt(ascending ? sequence.min : sequence.max);
    const next = BigInt(use.next);
    // Values from `first` to `limit`, and how many of them nextval has not handed out yet.
    const range = (ascending ? limit - first : first - limit) + 1n;
    if (range <= 0n) continue;
    const remaining = (ascending ? limit - next : next - limit) + 1n;
    const left = remaining < 0n ? 0n : remaining > range ? range : remaining;
    const percent = Number((left * 10_000n) / range) / 100;
    if (percent >= threshold) continue;
    const error = percent < Math.min(ERROR_PERCENT, threshold);
    const name = shown(sequence.schema, sequence.name);
    findings.push({
      ruleId: 'sequence-headroom',
      severity: error ? 'error' : 'warning',
      message: `sequence ${name}${fills(use.columns)} hands out ${next.toLocaleString('en')} next, of at most ${limit.toLocaleString('en')} (set by ${by}): ${percent}% of its range left; when it runs out every insert that takes the default fails (SQLSTATE ${by.startsWith('the sequence') ? '2200H' : '22003'})`,
      help: `widen it before it runs out: ${[
        ...use.columns
          .filter((c) => c.type !== 'bigint' && INTEGER_RANGE[c.type])
          .map((c) => `ALTER TABLE ${quoted(c.schema, c.table)} ALTER COLUMN ${quoteIdentifier(c.column)} TYPE bigint;`),
        ...(sequence.type !== 'bigint' && !sequence.identity
          ? [`ALTER SEQUENCE ${quoted(sequence.schema, sequence.name)} AS bigint;`]
          : []),
        ...(BigInt(sequence.max) < INTEGER_RANGE.bigint![1] && sequence.type === 'bigint' && ascending
          ? [`ALTER SEQUENCE ${quoted(sequence.schema, sequence.name)} MAXVALUE 9223372036854775807;`]
          : []),
      ].join(' ')} (a column type change rewrites the table: plan it)`,
      evidence: {
        schema: sequence.schema,
        sequence: sequence.name,
        next: use.next,
        limit: limit.toString(),
        limitBy: by,
        headroomPercent: percent,
        columns: use.columns,
      },
    });
  }
  const notes = unreadable ? ` (${unreadable} whose position cannot be read: no SELECT privilege on them)` : '';
  return {
    id: 'sequence-headroom',
    kind: 'sequence-headroom',
    title: `sequences have ≥ ${threshold} % of their range left`,
    summary: (findings.length ? `${plural(findings.length, 'sequence')} under ${threshold} %` : plural(examined, 'sequence')) + notes,
    findings,
  };
};

function fills(columns: readonly SequenceColumn[]): string {
  return columns.length ? ` (${columns.map((c) => `${shown(c.schema, c.table)}.${c.column}`).join(', ')})` : '';
}
