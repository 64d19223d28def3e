import type { ProbeRequest } from './probe-request.js';
import type { ProbeResult } from './probe-result.js';

/** The probes of exclusion and domain constraints and partition bounds: their rule ids and texts, kept apart from the older kinds. */
export type ConstraintKindRequest = Extract<ProbeRequest, { kind: 'exclusion' | 'domain-check' | 'domain-not-null' | 'partition-bound' }>;

export const CONSTRAINT_KIND_RULES = {
  exclusion: 'exclusion-conflicts',
  'domain-check': 'domain-check-violated-by-rows',
  'domain-not-null': 'domain-not-null-violated-by-rows',
  'partition-bound': 'partition-bound-violated-by-rows',
} as const satisfies Record<ConstraintKindRequest['kind'], string>;

export const CONSTRAINT_KIND_SQLSTATE: Readonly<Record<ConstraintKindRequest['kind'], string>> = {
  exclusion: '23P01',
  'domain-check': '23514',
  'domain-not-null': '23502',
  'partition-bound': '23514',
};

const rows = (n: number): string => `${n.toLocaleString('en')} row${n === 1 ? '' : 's'}`;
const holds = (n: number): string => (n === 1 ? 'holds' : 'hold');
const keysOf = (request: Extract<ProbeRequest, { kind: 'exclusion' }>): string =>
  request.elements.map((e) => `${e.column ?? e.expression} WITH ${e.operator.name}`).join(', ');

export function constraintKindWhat(request: ConstraintKindRequest): string {
  switch (request.kind) {
    case 'exclusion':
      return `conflicting rows under ${request.constraint}`;
    case 'domain-check':
      return `values of ${request.column} violating CHECK ${request.constraint} of ${request.domain}`;
    case 'domain-not-null':
      return `NULLs in ${request.column} (domain ${request.domain} NOT NULL)`;
    case 'partition-bound':
      return `rows outside the partition bound of ${request.table.name}`;
  }
}

export function constraintKindMessage(request: ConstraintKindRequest, result: ProbeResult, table: string): string {
  const n = result.count;
  switch (request.kind) {
    case 'exclusion':
      return `${n.toLocaleString('en')} pair${n === 1 ? '' : 's'} of rows in ${table} conflict under exclusion constraint ${request.constraint} (${keysOf(request)})${request.predicate ? ` WHERE ${request.predicate}` : ''}`;
    case 'domain-check':
      return `${rows(n)} in ${table} ${holds(n)} a ${request.column} value that violates CHECK ${request.constraint} of domain ${request.domain}${request.reason === 'column-retyped' ? `, which the column is retyped to` : ''}`;
    case 'domain-not-null':
      return `${rows(n)} in ${table} ${holds(n)} NULL in ${request.column}, ${request.reason === 'column-retyped' ? 'retyped to' : 'of'} domain ${request.domain}, which becomes NOT NULL`;
    case 'partition-bound':
      return request.reason === 'attached-rows'
        ? `${rows(n)} in ${table} ${n === 1 ? 'lies' : 'lie'} outside the bound ${request.bound} it is attached to ${request.parent.name} with`
        : `${rows(n)} in default partition ${table} of ${request.parent.name} belong${n === 1 ? 's' : ''} in the new partition ${request.partition.name} ${request.bound}`;
  }
}

export function constraintKindHelp(request: ConstraintKindRequest): string {
  switch (request.kind) {
    case 'exclusion':
      return 'resolve the conflicting pairs first (the query lists them: shorten, move or delete one row of each), or add a WHERE that leaves them out';
    case 'domain-check':
      return request.reason === 'column-retyped'
        ? 'fix the values first (the query lists them), then retype the column'
        : 'fix the values in every column of the domain first (the query lists them), or ADD CONSTRAINT … NOT VALID and VALIDATE CONSTRAINT once they are fixed';
    case 'domain-not-null':
      return 'backfill the NULLs in every column of the domain first (the query lists them)';
    case 'partition-bound':
      return request.reason === 'attached-rows'
        ? 'move or delete the rows outside the bound first (the query lists them), or attach the table with a bound that covers them'
        : 'move those rows out of the default partition first (the query lists them): detach it, create and fill the new partition from it, delete them from it, then attach it again';
  }
}

export function constraintKindDetails(request: ConstraintKindRequest): Record<string, unknown> {
  const table = { schema: request.table.schema, table: request.table.name };
  switch (request.kind) {
    case 'exclusion':
      return {
        ...table,
        constraint: request.constraint,
        method: request.method,
        elements: request.elements.map((e) => ({ key: e.column ?? e.expression, operator: `${e.operator.schema}.${e.operator.name}` })),
        predicate: request.predicate,
      };
    case 'domain-check':
      return {
        ...table,
        column: request.column,
        domain: request.domain,
        constraint: request.constraint,
        expression: request.expression,
        reason: request.reason,
      };
    case 'domain-not-null':
      return { ...table, column: request.column, domain: request.domain, reason: request.reason };
    case 'partition-bound':
      return {
        ...table,
        partition: request.partition,
        parent: request.parent,
        bound: request.bound,
        expression: request.expression,
        reason: request.reason,
      };
  }
}
