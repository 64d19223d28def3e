import { optional } from './optional-field.js';
import { parsePostgresMessage } from './postgres-message.js';
import type { WatchEvent } from './watch-event.js';

// What each Prisma error means in SQLSTATE terms (prisma-engines, libs/user-facing-errors; the
// P1 codes are PrismaClientInitializationError's `errorCode`: the connection failed).
const SQLSTATE_OF: Readonly<Record<string, string>> = {
  P1000: '28P01',
  P1001: '08001',
  P1002: '08001',
  P1017: '08006',
  P2000: '22001',
  P2002: '23505',
  P2003: '23503',
  P2004: '23514',
  P2011: '23502',
  P2021: '42P01',
  P2022: '42703',
  P2034: '40001',
};

// Raw query failed: the database's own code is in meta.code (RawQueryFailed { code, message }).
const RAW_QUERY_FAILED = 'P2010';

/**
 * Prisma errors that never reached the database or are about the application's data, not the
 * schema: a record not found (P2025, P2001, P2015, P2018), a query Prisma rejects before sending
 * it (P2009, P2012, P2013, P2019). Recognised so they are not read as something else; not events.
 */
const NOT_DATABASE = new Set(['P2001', 'P2009', 'P2012', 'P2013', 'P2015', 'P2018', 'P2019', 'P2025']);

/** The Prisma error codes watch understands (others are not about the schema). */
export function isWatchedPrismaCode(code: string): boolean {
  return code in SQLSTATE_OF || code === RAW_QUERY_FAILED;
}

/** A Prisma error recognised as not a database failure (null), an event, or not recognised (undefined). */
export type PrismaReading = WatchEvent | null | undefined;

type Meta = Readonly<Record<string, unknown>>;

/**
 * A PrismaClientKnownRequestError as an application logs it (`{ code, meta, message, clientVersion }`):
 * P2002 `meta.target` (the fields, or the constraint's name), P2003 `meta.field_name`
 * (`Order_userId_fkey (index)` on PostgreSQL), P2004 `meta.database_error` (the server's own
 * message), P2011 `meta.constraint`, P2000 `meta.column_name`; `meta.modelName` names the model.
 */
export function prismaErrorEvent(error: Meta, at: number | null): PrismaReading {
  // PrismaClientInitializationError carries its code as `errorCode`.
  const code = typeof error.code === 'string' ? error.code : error.errorCode;
  if (typeof code === 'string' && NOT_DATABASE.has(code)) return null;
  if (typeof code !== 'string' || !isWatchedPrismaCode(code)) return undefined;
  const meta: Meta = isObject(error.meta) ? error.meta : {};
  const message = typeof error.message === 'string' ? lastLine(error.message) : `Prisma ${code}`;
  const base = { at, prismaCode: code, message, ...optional('table', meta.modelName) };
  const adapter = adapterCause(meta);
  switch (code) {
    case 'P2002':
    case 'P2011':
      return { ...base, sqlState: SQLSTATE_OF[code]!, ...constraintOrFields(code === 'P2002' ? meta.target : meta.constraint), ...adapter };
    case 'P2003':
      return { ...base, sqlState: '23503', ...foreignKeyField(meta.field_name), ...adapter };
    case 'P2004':
      return { ...base, ...databaseErrorFacts(meta.database_error), ...adapter };
    case 'P2000':
      return {
        ...base,
        sqlState: '22001',
        ...optional('column', meta.column_name === '<unknown>' ? undefined : meta.column_name),
        ...adapter,
      };
    case 'P2021':
      return { ...base, sqlState: '42P01', ...optional('table', meta.table) };
    case RAW_QUERY_FAILED:
      return rawQueryEvent(base, meta);
    case 'P2022': {
      const column = typeof meta.column === 'string' ? meta.column.split('.') : [];
      return {
        ...base,
        sqlState: '42703',
        ...optional('column', column.at(-1)),
        ...(column.length > 1 ? optional('table', column.at(-2)) : {}),
      };
    }
    default:
      return { ...base, sqlState: SQLSTATE_OF[code]! };
  }
}

// The message Prisma prints, for logs that keep only the text ("Invalid `prisma.user.create()`
// invocation: … Unique constraint failed on the fields: (`email`)").
const MESSAGES: readonly (readonly [RegExp, string, (m: RegExpExecArray) => Meta])[] = [
  [/Unique constraint failed on the fields: \(([^)]*)\)/, 'P2002', (m) => ({ target: backticked(m[1]!) })],
  [/Unique constraint failed on the constraint: `([^`]+)`/, 'P2002', (m) => ({ target: m[1]! })],
  [/Foreign key constraint (?:failed|violated) on the (?:field|constraint): `([^`]+)`/, 'P2003', (m) => ({ field_name: m[1]! })],
  [/A constraint failed on the database: `([^`]+)`/, 'P2004', (m) => ({ database_error: m[1]! })],
  [/Null constraint violation on the fields: \(([^)]*)\)/, 'P2011', (m) => ({ constraint: backticked(m[1]!) })],
  [/The provided value for the column is too long for the column's type\. Column: (\S+)/, 'P2000', (m) => ({ column_name: m[1]! })],
  [/The table `([^`]+)` does not exist in the current database/, 'P2021', (m) => ({ table: m[1]! })],
  [/The column `([^`]+)` does not exist in the current database/, 'P2022', (m) => ({ column: m[1]! })],
  [/Raw query failed\. Code: `([0-9A-Z]{5})`\. Message: `(.*)`/, 'P2010', (m) => ({ code: m[1]!, message: m[2]! })],
  [/Transaction failed due to a write conflict or a deadlock/, 'P2034', () => ({})],
  [/Can't reach database server at `([^`]*)`/, 'P1001', () => ({})],
  [/Authentication failed against database server/, 'P1000', () => ({})],
  [/Server has closed the connection/, 'P1017', () => ({})],
  [/required but not found|No record was found for/, 'P2025', () => ({})],
];

/**
 * A Prisma error recognised from its printed message alone; `model` is the one the message's
 * "Invalid `prisma.order.create()` invocation" names, when it does.
 */
export function prismaMessageEvent(text: string, at: number | null): PrismaReading {
  const model = /Invalid `(?:\w+\.)*?prisma\.(\w+)\.\w+\(\)`/.exec(text)?.[1];
  for (const [pattern, code, meta] of MESSAGES) {
    const match = pattern.exec(text);
    if (match) return prismaErrorEvent({ code, meta: { ...(model ? { modelName: model } : {}), ...meta(match) }, message: match[0] }, at);
  }
  return undefined;
}

// `Order_userId_fkey (index)` names the constraint; other values name the fields.
function foreignKeyField(value: unknown): Partial<WatchEvent> {
  const field = typeof value === 'string' ? value : undefined;
  const index = field ? / \(index\)$/.exec(field) : null;
  if (field && index) return { constraint: field.slice(0, index.index) };
  return field && field !== 'foreign key' ? { columns: field.split(',') } : {};
}

// P2004 "A constraint failed on the database": meta.database_error is the server's message.
function databaseErrorFacts(value: unknown): Pick<WatchEvent, 'sqlState'> & Partial<WatchEvent> {
  const databaseError = typeof value === 'string' ? value : undefined;
  const facts = databaseError ? parsePostgresMessage(databaseError) : undefined;
  return {
    sqlState: facts?.sqlState ?? '23514',
    ...(databaseError ? { detail: databaseError } : {}),
    ...optional('table', facts?.table),
    ...optional('constraint', facts?.constraint),
    ...optional('column', facts?.column),
  };
}

// meta { code: '23514', message: 'ERROR: new row for relation "orders" violates check constraint …' }.
function rawQueryEvent(base: Omit<WatchEvent, 'sqlState'>, meta: Meta): WatchEvent | undefined {
  const code = typeof meta.code === 'string' && /^[0-9A-Z]{5}$/.test(meta.code) ? meta.code : undefined;
  // quaint's PostgresError Display: "ERROR: message", then "\nDETAIL: …" and "\nHINT: …".
  const [first, ...rest] = typeof meta.message === 'string' ? meta.message.split('\n') : [];
  const message = first?.replace(/^(?:db error: )?(?:ERROR|FATAL): +/, '');
  const detail = rest.find((line) => line.startsWith('DETAIL: '))?.slice('DETAIL: '.length);
  const facts = message ? parsePostgresMessage(message) : undefined;
  const sqlState = code ?? facts?.sqlState;
  if (!sqlState) return undefined;
  return {
    ...base,
    sqlState,
    ...(message ? { message } : {}),
    ...optional('detail', detail),
    ...optional('table', facts?.table ?? base.table),
    ...optional('constraint', facts?.constraint),
    ...optional('column', facts?.column),
  };
}

function constraintOrFields(target: unknown): Partial<WatchEvent> {
  if (typeof target === 'string') return target === '(not available)' ? {} : { constraint: target };
  if (Array.isArray(target) && target.every((field) => typeof field === 'string')) return { columns: target as string[] };
  return {};
}

// Prisma 6 driver adapters put the database's answer under meta.driverAdapterError.cause.
function adapterCause(meta: Meta): Partial<WatchEvent> {
  const adapter = isObject(meta.driverAdapterError) ? meta.driverAdapterError : undefined;
  const cause = adapter && isObject(adapter.cause) ? adapter.cause : undefined;
  if (!cause) return {};
  const constraint = isObject(cause.constraint) ? cause.constraint : undefined;
  return {
    ...(constraint ? constraintOrFields(constraint.index ?? constraint.fields) : {}),
    ...(typeof cause.originalCode === 'string' && /^[0-9A-Z]{5}$/.test(cause.originalCode) ? { sqlState: cause.originalCode } : {}),
  };
}

function backticked(list: string): string[] {
  return [...list.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
}

function lastLine(message: string): string {
  const lines = message.split('\n').filter((line) => line.trim() !== '');
  return (lines.at(-1) ?? message).trim();
}

function isObject(value: unknown): value is Meta {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
