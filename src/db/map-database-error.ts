import { PgPreflightError } from '../core/pgpreflight-error.js';
import type { TargetInfo } from './describe-target.js';
import { formatTarget } from './describe-target.js';

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNRESET',
  'ENOENT',
]);

interface DriverError {
  readonly code?: string;
  readonly message?: string;
  readonly detail?: string;
}

/**
 * Turns whatever node-postgres or PGlite threw into a one-line PgPreflightError. Connection errors
 * name the target (without password) and what to check; SQL errors keep their SQLSTATE.
 */
export function mapDatabaseError(error: unknown, target: TargetInfo, phase: 'connect' | 'query'): PgPreflightError {
  if (error instanceof PgPreflightError) return error;
  const e = (error ?? {}) as DriverError;
  const code = typeof e.code === 'string' ? e.code : undefined;
  const message = (e.message ?? String(error)).split('\n')[0] ?? '';
  const where = formatTarget(target);

  if (code && NETWORK_CODES.has(code)) {
    return new PgPreflightError('DB_UNREACHABLE', `cannot reach PostgreSQL at ${where} (${code})`, {
      hint: 'check the host and port in the URL and that the server is running and accepts connections',
      cause: error,
    });
  }
  if (/timeout expired|Connection terminated due to connection timeout|connection timeout/i.test(message)) {
    return new PgPreflightError('DB_UNREACHABLE', `timed out connecting to PostgreSQL at ${where}`, {
      hint: 'check the host, port and firewall; raise connect_timeout in the URL for a slow network',
      cause: error,
    });
  }
  if (code === '28P01' || code === '28000' || /SASL|password must be a string|client password/i.test(message)) {
    return new PgPreflightError('DB_AUTH_FAILED', `authentication failed for user "${target.user}" at ${where}`, {
      hint: 'check the user and password in the URL, PGPASSWORD or ~/.pgpass',
      sqlState: code,
      cause: error,
    });
  }
  if (code === '3D000') {
    return new PgPreflightError('DB_NOT_FOUND', `database "${target.database}" does not exist on ${target.host}:${target.port ?? 5432}`, {
      hint: 'create it first, or fix the database name in the URL',
      sqlState: code,
      cause: error,
    });
  }
  if (code === '57014' || code === '55P03') {
    return new PgPreflightError('DB_TIMEOUT', `${message} (SQLSTATE ${code}) on ${where}`, {
      hint: 'the target is busy or the table is locked; try again later or raise the timeout',
      sqlState: code,
      cause: error,
    });
  }
  if (phase === 'connect') {
    return new PgPreflightError('DB_UNREACHABLE', `cannot connect to ${where}: ${message}`, {
      hint: 'check the URL and that the server accepts connections',
      sqlState: code,
      cause: error,
    });
  }
  return new PgPreflightError('DB_QUERY_FAILED', `query failed on ${where}: ${message}${code ? ` (SQLSTATE ${code})` : ''}`, {
    hint: 'run with --debug to see the query',
    sqlState: code,
    cause: error,
  });
}
