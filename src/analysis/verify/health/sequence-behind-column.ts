import type { CatalogObjects } from '../../../catalog/catalog-snapshot.js';
import type { Finding } from '../../../core/finding.js';
import { quoteIdentifier, quoteLiteral } from '../../../sql/quote-identifier.js';
import { extremeKey, type ExtremeAnswer, type ExtremeQuestion } from '../answer-table-questions.js';
import type { SequenceUse } from '../read-sequence-uses.js';
import { failedHelp } from '../failed-help.js';
import { plural, type VerifyCheckRun } from '../verify-check-run.js';
import { quoted, shown } from './health-context.js';

const INTEGER_TYPES = new Set(['smallint', 'integer', 'bigint']);

interface Pairing {
  readonly use: SequenceUse;
  readonly ascending: boolean;
  /** What the next nextval returns. */
  readonly next: bigint;
  readonly question: ExtremeQuestion;
}

/** Each readable sequence with each integer column it fills, and what its next value will be. */
function pairings(objects: CatalogObjects, uses: readonly SequenceUse[]): Pairing[] {
  const inScope = new Set(objects.tables.map((t) => JSON.stringify([t.schema, t.name])));
  return objects.sequences.flatMap((sequence) => {
    const use = uses.find((u) => u.schema === sequence.schema && u.name === sequence.name);
    if (use?.next === null || use?.next === undefined) return [];
    const ascending = BigInt(sequence.increment) > 0n;
    const next = BigInt(use.next);
    return use.columns
      .filter((c) => INTEGER_TYPES.has(c.type) && inScope.has(JSON.stringify([c.schema, c.table])))
      .map((c) => ({
        use,
        ascending,
        next,
        question: {
          table: { schema: c.schema, name: c.table },
          column: c.column,
          extreme: ascending ? ('max' as const) : ('min' as const),
        },
      }));
  });
}

/** The max (or min) each sequence-filled column must be read for. */
export function sequenceExtremeQuestions(objects: CatalogObjects, uses: readonly SequenceUse[]): ExtremeQuestion[] {
  const seen = new Map<string, ExtremeQuestion>();
  for (const { question } of pairings(objects, uses)) seen.set(extremeKey(question), question);
  return [...seen.values()];
}

/**
 * Sequences behind the values already in their column — after rows were copied in with explicit
 * ids, a restore without setval, or a sequence reset by hand: inserts that take the default get
 * ids that rows already hold, and fail with 23505 where the column is unique. An error.
 */
export function sequenceBehindColumn(
  objects: CatalogObjects,
  uses: readonly SequenceUse[],
  answers: ReadonlyMap<string, ExtremeAnswer>,
): Omit<VerifyCheckRun, 'ms'> {
  const findings: Finding[] = [];
  const paired = pairings(objects, uses);
  for (const { use, ascending, next, question } of paired) {
    const answer = answers.get(extremeKey(question));
    const column = `${shown(question.table.schema, question.table.name)}.${question.column}`;
    const sequence = shown(use.schema, use.name);
    if (!answer) continue;
    if ('error' in answer) {
      findings.push({
        ruleId: 'query-failed',
        severity: 'error',
        message: `could not read the ${question.extreme} of ${column} to compare with sequence ${sequence}: ${answer.error} (SQLSTATE ${answer.sqlState ?? 'unknown'})`,
        help: failedHelp(answer.sqlState, 'the target'),
        evidence: { sequence: use.name, schema: use.schema, sqlState: answer.sqlState, error: answer.error, query: answer.query },
      });
      continue;
    }
    if (answer.value === null) continue;
    const held = BigInt(answer.value);
    if (ascending ? held < next : held > next) continue;
    const unique = objects.indexes.some(
      (i) =>
        i.schema === question.table.schema &&
        i.table === question.table.name &&
        i.unique &&
        i.columns.length === 1 &&
        i.columns[0] === question.column,
    );
    findings.push({
      ruleId: 'sequence-behind-column',
      severity: 'error',
      message: `sequence ${sequence} hands out ${next.toLocaleString('en')} next, but ${column} already holds values up to ${held.toLocaleString('en')}: inserts that take the default ${
        unique ? 'fail with SQLSTATE 23505 (duplicate key) until the sequence passes them' : 'reuse ids that rows already hold'
      }`,
      help: `SELECT pg_catalog.setval(${quoteLiteral(quoted(use.schema, use.name))}, (SELECT ${question.extreme}(${quoteIdentifier(question.column)}) FROM ${quoted(question.table.schema, question.table.name)}));`,
      evidence: {
        schema: use.schema,
        sequence: use.name,
        next: next.toString(),
        table: question.table.name,
        column: question.column,
        [question.extreme]: answer.value,
        query: answer.query,
      },
    });
  }
  const sequences = new Set(paired.map((p) => JSON.stringify([p.use.schema, p.use.name]))).size;
  const behind = new Set(
    findings.filter((f) => f.ruleId === 'sequence-behind-column').map((f) => JSON.stringify([f.evidence!.schema, f.evidence!.sequence])),
  ).size;
  return {
    id: 'sequence-behind-column',
    kind: 'sequence-behind-column',
    title: 'sequences ahead of the values in their columns',
    summary: behind ? `${plural(behind, 'sequence')} behind its column` : plural(sequences, 'sequence'),
    findings,
  };
}
