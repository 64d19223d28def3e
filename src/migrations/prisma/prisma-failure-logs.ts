/** An error as PostgreSQL reports it (node-postgres' DatabaseError has this shape). */
export interface PostgresErrorFields {
  readonly code?: string | undefined;
  readonly message: string;
  readonly severity?: string | undefined;
  readonly detail?: string | undefined;
  readonly hint?: string | undefined;
  /** 1-based character position in the script, as PostgreSQL sends it. */
  readonly position?: string | undefined;
  readonly where?: string | undefined;
  readonly schema?: string | undefined;
  readonly table?: string | undefined;
  readonly column?: string | undefined;
  readonly dataType?: string | undefined;
  readonly constraint?: string | undefined;
  readonly file?: string | undefined;
  readonly line?: string | undefined;
  readonly routine?: string | undefined;
}

/**
 * The `logs` Prisma's schema engine records for a migration PostgreSQL rejected, built from a real
 * node-postgres error exactly as the engine formats it (user-facing error P3018 around
 * sql-schema-connector's apply_migration_script: tokio-postgres' DbError Display, the "Position:"
 * excerpt with ANSI bold/red, then the DbError Debug form). Prisma's CLI cannot download its engine
 * here, so the text is rebuilt from its source; the error in it is PostgreSQL's own.
 */
export function prismaFailureLogs(migrationName: string, script: string, error: PostgresErrorFields): string {
  const display = `${error.severity}: ${error.message}${error.detail ? `\nDETAIL: ${error.detail}` : ''}${error.hint ? `\nHINT: ${error.hint}` : ''}`;
  const databaseError = `${display}${positionExcerpt(script, error.position)}\n\n${debugForm(error)}`;
  return (
    'A migration failed to apply. New migrations cannot be applied before the error is recovered from. Read more about how to resolve migration issues in a production database: https://pris.ly/d/migrate-resolve' +
    `\n\nMigration name: ${migrationName}\n\nDatabase error code: ${error.code}\n\nDatabase error:\n${databaseError}\n`
  );
}

function positionExcerpt(script: string, position: string | undefined): string {
  if (!position) return '';
  const at = Number(position);
  const previous = ['', '', '', '', ''];
  let byteIndex = 0;
  const lines = script.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const lineNumber = i + 1;
    byteIndex += Buffer.byteLength(line) + 1;
    if (at <= byteIndex) {
      const numbered = previous
        .map((text, idx) => ({ text, n: lineNumber - (previous.length - idx) }))
        .filter(({ n }) => n >= 0)
        .map(({ text, n }) => `\u001b[1m${String(n).padStart(3)}\u001b[0m${text ? ' ' : ''}${text}`)
        .join('\n');
      return `\n\nPosition:\n${numbered}\n\u001b[1m${String(lineNumber).padStart(3)}\u001b[1;31m ${line}\u001b[0m`;
    }
    previous.shift();
    previous.push(line);
  }
  return '';
}

function debugForm(e: PostgresErrorFields): string {
  const some = (value: string | undefined): string => (value === undefined ? 'None' : `Some(${JSON.stringify(value)})`);
  const severity = e.severity ? `${e.severity[0]}${e.severity.slice(1).toLowerCase()}` : 'Error';
  return (
    `DbError { severity: ${JSON.stringify(e.severity)}, parsed_severity: Some(${severity}), code: SqlState(E${e.code}), ` +
    `message: ${JSON.stringify(e.message)}, detail: ${some(e.detail)}, hint: ${some(e.hint)}, ` +
    `position: ${e.position ? `Some(Original(${e.position}))` : 'None'}, where_: ${some(e.where)}, schema: ${some(e.schema)}, ` +
    `table: ${some(e.table)}, column: ${some(e.column)}, datatype: ${some(e.dataType)}, constraint: ${some(e.constraint)}, ` +
    `file: ${some(e.file)}, line: ${e.line ? `Some(${e.line})` : 'None'}, routine: ${some(e.routine)} }`
  );
}
