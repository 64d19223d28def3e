/**
 * A statement PostgreSQL rejected, with the fields both drivers report. Analysis turns these into
 * findings (a migration that fails on the shadow is a result, not a crash), so the SQLSTATE and the
 * position must survive the driver boundary.
 */
export class SqlExecutionError extends Error {
  readonly sqlState: string;
  readonly detail: string | undefined;
  readonly hint: string | undefined;
  /** 1-based character offset into the statement text, when PostgreSQL reports one. */
  readonly position: number | undefined;
  readonly where: string | undefined;
  readonly schema: string | undefined;
  readonly table: string | undefined;
  readonly column: string | undefined;
  readonly constraint: string | undefined;

  constructor(fields: DriverErrorFields) {
    super(fields.message ?? 'statement failed');
    this.name = 'SqlExecutionError';
    this.sqlState = fields.code ?? 'XX000';
    this.detail = fields.detail || undefined;
    this.hint = fields.hint || undefined;
    this.position = fields.position ? Number(fields.position) : undefined;
    this.where = fields.where || undefined;
    this.schema = fields.schema || undefined;
    this.table = fields.table || undefined;
    this.column = fields.column || undefined;
    this.constraint = fields.constraint || undefined;
  }
}

export interface DriverErrorFields {
  readonly message?: string;
  readonly code?: string;
  readonly detail?: string;
  readonly hint?: string;
  readonly position?: string | number;
  readonly where?: string;
  readonly schema?: string;
  readonly table?: string;
  readonly column?: string;
  readonly constraint?: string;
}

const SQLSTATE = /^[0-9A-Z]{5}$/;

/** A driver error that carries a SQLSTATE becomes a SqlExecutionError; anything else is rethrown as is. */
export function toSqlExecutionError(error: unknown): unknown {
  if (error && typeof error === 'object' && typeof (error as DriverErrorFields).code === 'string') {
    const fields = error as DriverErrorFields;
    if (SQLSTATE.test(fields.code!)) return new SqlExecutionError(fields);
  }
  return error;
}
