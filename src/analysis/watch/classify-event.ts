import type { FailedObject, FailureClass } from '../../core/watch-records.js';
import { parsePostgresMessage } from './postgres-message.js';
import type { SchemaIndex } from './schema-index.js';
import type { WatchEvent } from './watch-event.js';

export interface ClassifiedEvent extends FailedObject {
  readonly event: WatchEvent;
  /** 'unknown' when neither the source nor the message says. */
  readonly sqlState: string;
  readonly eventClass: FailureClass;
  /** The type a bad value did not fit (`character varying(20)`, an enum). */
  readonly type?: string;
  /** The function a 42883 names. */
  readonly function?: string;
  /** Events with the same key are the same failure, from whichever source. */
  readonly key: string;
}

const SCHEMA_MISMATCH = new Set(['42703', '42P01', '42883']);
const LOCKS_AND_TIMEOUTS = new Set(['55P03', '57014', '40P01', '40001']);

export function eventClassOf(sqlState: string): FailureClass {
  if (sqlState.startsWith('23')) return 'integrity';
  if (SCHEMA_MISMATCH.has(sqlState)) return 'schema';
  if (sqlState.startsWith('22')) return 'bad-value';
  if (LOCKS_AND_TIMEOUTS.has(sqlState)) return 'lock';
  return 'other';
}

/**
 * Classifies an event by SQLSTATE class and names the object it failed on: the fields the source
 * gave, then what the message says, then the deployed schema (a constraint's table, the constraint
 * behind the columns Prisma names).
 */
export function classifyEvent(event: WatchEvent, schema?: SchemaIndex): ClassifiedEvent {
  const facts = parsePostgresMessage(event.message);
  const sqlState = event.sqlState ?? facts?.sqlState ?? 'unknown';
  let constraint = event.constraint ?? facts?.constraint;
  let table = event.table ?? facts?.table;
  let column = event.column ?? facts?.column;
  const columns = event.columns;
  if (schema) {
    if (constraint) {
      const known = schema.constraint(constraint, table);
      if (known) {
        table = known.table;
        if (!column && known.columns.length === 1 && known.type !== 'check') column = known.columns[0];
      }
    } else if (table && columns?.length) {
      const types = sqlState === '23503' ? (['foreign-key'] as const) : (['unique', 'primary-key', 'unique-index'] as const);
      const known = sqlState === '23502' ? undefined : schema.constraintOn(table, columns, types);
      if (known) {
        constraint = known.name;
        table = known.table;
      }
    }
    if (table) table = schema.tableName(table);
  }
  if (!column && columns?.length === 1 && !constraint) column = columns[0];
  return {
    event,
    sqlState,
    eventClass: eventClassOf(sqlState),
    ...(constraint ? { constraint } : {}),
    ...(table ? { table } : {}),
    ...(column ? { column } : {}),
    ...(columns?.length ? { columns } : {}),
    ...(facts?.type ? { type: facts.type } : {}),
    ...(facts?.function ? { function: facts.function } : {}),
    key: keyOf(sqlState, constraint, table, column, columns, facts?.type, facts?.function, event.message),
  };
}

function keyOf(
  sqlState: string,
  constraint: string | undefined,
  table: string | undefined,
  column: string | undefined,
  columns: readonly string[] | undefined,
  type: string | undefined,
  fn: string | undefined,
  message: string,
): string {
  // A constraint name identifies the failure; the server log does not always name the table.
  if (constraint) return `${sqlState} constraint ${constraint}`;
  if (column) return `${sqlState} column ${table ? `${table}.` : ''}${column}`;
  if (columns?.length) return `${sqlState} columns ${table ? `${table}.` : ''}${columns.join(',')}`;
  if (table) return `${sqlState} table ${table}`;
  if (type) return `${sqlState} type ${type}`;
  if (fn) return `${sqlState} function ${fn}`;
  // Values differ per row; the message's shape is the failure.
  return `${sqlState} ${message.replace(/"[^"]*"|'[^']*'|\d+/g, '…').slice(0, 120)}`;
}
