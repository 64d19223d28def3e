import type { Finding } from '../../core/finding.js';
import type { ProbeRequest, SkippedProbe } from './probe-request.js';
import type { ProbeResult } from './probe-result.js';
import {
  CONSTRAINT_KIND_RULES,
  CONSTRAINT_KIND_SQLSTATE,
  constraintKindDetails,
  constraintKindHelp,
  constraintKindMessage,
  constraintKindWhat,
} from './constraint-kind-findings.js';
import { expressionFindings } from './probe-expression-findings.js';

/** Rule ids of the data probes, one per way existing rows make a migration fail. */
export const PROBE_RULES = {
  check: 'check-violated-by-rows',
  'not-null': 'not-null-violated-by-rows',
  unique: 'unique-duplicates',
  'foreign-key': 'foreign-key-orphans',
  enum: 'enum-value-in-use',
  type: 'type-conversion-fails',
  ...CONSTRAINT_KIND_RULES,
  expression: 'expression-fails-on-rows',
} as const satisfies Record<ProbeRequest['kind'], string>;

/** The probes whose findings this file words; an expression probe's are worded in probe-expression-findings.ts. */
type WordedProbe = Exclude<ProbeRequest, { kind: 'expression' }>;

const SQLSTATE: Readonly<Record<WordedProbe['kind'], string>> = {
  check: '23514',
  'not-null': '23502',
  unique: '23505',
  'foreign-key': '23503',
  enum: '22P02',
  type: '22001/22003/22P02',
  ...CONSTRAINT_KIND_SQLSTATE,
};

const rows = (n: number): string => `${n.toLocaleString('en')} row${n === 1 ? '' : 's'}`;

/**
 * A probe with violations is an error: the migration will fail on the target with the SQLSTATE
 * named, and the evidence holds the count, the sample rows and the query listing them all. A
 * constraint added NOT VALID does not check existing rows (only new writes), so there it is info
 * about the VALIDATE to come.
 */
export function probeFindings(results: readonly ProbeResult[], skipped: readonly SkippedProbe[]): Finding[] {
  const findings: Finding[] = [];
  for (const result of results) {
    const { request } = result;
    const where = {
      migration: request.origin.migration,
      file: request.origin.file,
      ...(request.origin.line !== undefined ? { line: request.origin.line } : {}),
      ...(request.origin.column !== undefined ? { column: request.origin.column } : {}),
    };
    const table = request.table.schema === 'public' ? request.table.name : `${request.table.schema}.${request.table.name}`;
    if (request.kind === 'expression') {
      findings.push(...expressionFindings(request, result, table, where));
      continue;
    }
    if (result.outcome === 'failed') {
      findings.push({
        ruleId: 'probe-failed',
        severity: 'warning',
        message: `could not probe ${table} for ${what(request)}: ${result.error} (SQLSTATE ${result.sqlState ?? 'unknown'})`,
        help:
          result.sqlState === '57014'
            ? 'the probe hit the statement timeout: raise it with --probe-timeout, or run the query below at a quiet hour'
            : 'run the query below by hand to see which rows break the change',
        ...where,
        evidence: { query: result.query, sqlState: result.sqlState, error: result.error },
      });
      continue;
    }
    if (result.outcome === 'clean') continue;
    const notValid = (request.kind === 'check' || request.kind === 'foreign-key' || request.kind === 'domain-check') && request.notValid;
    findings.push({
      ruleId: PROBE_RULES[request.kind],
      // The rows are not checked now: context for the VALIDATE to come, nothing that fails here.
      severity: notValid ? 'info' : 'error',
      message: notValid
        ? `${message(request, result, table)}; it is added NOT VALID, so the migration passes and VALIDATE CONSTRAINT will fail later`
        : `${message(request, result, table)}: the migration fails with SQLSTATE ${SQLSTATE[request.kind]}`,
      help: notValid ? 'fix the rows the query lists before a VALIDATE CONSTRAINT checks them' : help(request),
      ...where,
      evidence: {
        count: result.count,
        ...(result.rows !== undefined ? { rows: result.rows } : {}),
        samples: result.samples,
        query: result.query,
        ...details(request),
      },
    });
  }
  for (const skip of skipped) {
    findings.push({
      ruleId: 'probe-skipped',
      severity: 'info',
      message: `${skip.what} on ${skip.table.name} was not probed: ${skip.reason}`,
      migration: skip.origin.migration,
      file: skip.origin.file,
      ...(skip.origin.line !== undefined ? { line: skip.origin.line } : {}),
    });
  }
  return findings;
}

function what(request: WordedProbe): string {
  switch (request.kind) {
    case 'exclusion':
    case 'domain-check':
    case 'domain-not-null':
    case 'partition-bound':
      return constraintKindWhat(request);
    case 'check':
      return `CHECK ${request.constraint}`;
    case 'not-null':
      return `NOT NULL on ${request.column}`;
    case 'unique':
      return `duplicates under ${request.name}`;
    case 'foreign-key':
      return `orphans of ${request.constraint}`;
    case 'enum':
      return `values of ${request.column} outside ${request.type}`;
    case 'type':
      return `${request.column} values that do not convert to ${request.toType}`;
  }
}

function message(request: WordedProbe, result: ProbeResult, table: string): string {
  const n = result.count;
  switch (request.kind) {
    case 'exclusion':
    case 'domain-check':
    case 'domain-not-null':
    case 'partition-bound':
      return constraintKindMessage(request, result, table);
    case 'check':
      return `${rows(n)} in ${table} violate${n === 1 ? 's' : ''} CHECK ${request.constraint} ${request.expression}`;
    case 'not-null':
      return request.reason === 'new-column'
        ? `${table} has ${rows(n)} and the new column ${request.column} is NOT NULL without a default`
        : `${rows(n)} in ${table} hold${n === 1 ? 's' : ''} NULL in ${request.column}, which becomes NOT NULL${request.reason === 'primary-key' ? ` (primary key ${request.constraint})` : ''}`;
    case 'unique':
      return `${n.toLocaleString('en')} duplicate key group${n === 1 ? '' : 's'} (${rows(result.rows ?? 0)}) in ${table} under ${request.name} (${request.keys.map((k) => k.column ?? k.expression).join(', ')})`;
    case 'foreign-key':
      return `${rows(n)} in ${table} reference${n === 1 ? 's' : ''} no row of ${request.referencedTable.name} (${request.constraint})`;
    case 'enum':
      return request.removed.length
        ? `${rows(n)} in ${table} hold${n === 1 ? 's' : ''} ${request.removed.map((v) => `'${v}'`).join(', ')} in ${request.column}, removed from ${request.type}`
        : `${rows(n)} in ${table} hold${n === 1 ? 's' : ''} a value of ${request.column} that ${request.type} does not have`;
    case 'type':
      return `${rows(n)} in ${table} hold${n === 1 ? 's' : ''} a ${request.column} value that does not fit ${request.toType}`;
  }
}

function help(request: WordedProbe): string {
  switch (request.kind) {
    case 'exclusion':
    case 'domain-check':
    case 'domain-not-null':
    case 'partition-bound':
      return constraintKindHelp(request);
    case 'check':
      return 'fix or delete the rows first (the query lists them), or add the CHECK NOT VALID so only new rows are checked and VALIDATE once they are fixed';
    case 'not-null':
      return request.reason === 'new-column'
        ? 'add the column nullable, backfill it, then SET NOT NULL — or give it a DEFAULT'
        : 'backfill the NULLs first (the query lists them); on a big table add CHECK (col IS NOT NULL) NOT VALID, VALIDATE, then SET NOT NULL';
    case 'unique':
      return 'remove or merge the duplicates first (the query lists every group), or make the index partial so it excludes them';
    case 'foreign-key':
      return 'delete or repair the orphans first (the query lists them), or add the constraint NOT VALID and VALIDATE once they are gone';
    case 'enum':
      return 'move the rows to a value that stays (UPDATE … SET … WHERE …) in a migration before this one';
    case 'type':
      return 'shorten or fix the values first (the query lists them), or keep the wider type';
  }
}

function details(request: WordedProbe): Record<string, unknown> {
  const table = { schema: request.table.schema, table: request.table.name };
  switch (request.kind) {
    case 'exclusion':
    case 'domain-check':
    case 'domain-not-null':
    case 'partition-bound':
      return constraintKindDetails(request);
    case 'check':
      return { ...table, constraint: request.constraint, expression: request.expression, columns: request.columns };
    case 'not-null':
      return { ...table, column: request.column, reason: request.reason };
    case 'unique':
      return {
        ...table,
        index: request.name,
        keys: request.keys.map((k) => k.column ?? k.expression),
        predicate: request.predicate,
        nullsNotDistinct: request.nullsNotDistinct,
      };
    case 'foreign-key':
      return {
        ...table,
        constraint: request.constraint,
        columns: request.columns,
        referencedTable: request.referencedTable,
        referencedColumns: request.referencedColumns,
      };
    case 'enum':
      return { ...table, column: request.column, type: request.type, removed: request.removed, allowed: request.allowed };
    case 'type':
      return { ...table, column: request.column, fromType: request.fromType, toType: request.toType };
  }
}
