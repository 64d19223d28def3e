/** What to do about a verify query PostgreSQL rejected, by SQLSTATE. */
export function failedHelp(sqlState: string | undefined, setting: string): string {
  if (sqlState === '57014')
    return 'it hit the statement timeout: raise verify.queryTimeoutMs (or --query-timeout), or run the query at a quiet hour';
  if (sqlState === '55P03') return 'it waited too long for a lock (lock_timeout): run verify again when the table is not locked';
  if (sqlState === '25006') return 'verify runs in a READ ONLY transaction: the query must only read';
  if (sqlState === '42501') return 'the role verify connects as may not read this table: grant it SELECT, or connect as one that may';
  return `fix the SQL in ${setting} in the config (run it by hand to see the error)`;
}
