import { PgPreflightError } from '../core/pgpreflight-error.js';
import { describeTarget } from './describe-target.js';
import type { TargetSpec } from './target-url.js';

type Env = Readonly<Record<string, string | undefined>>;

// libpq keywords a URL or DSN may carry, and the variable libpq reads each from.
const KEYWORD_VARIABLES: Readonly<Record<string, string>> = {
  sslmode: 'PGSSLMODE',
  sslcert: 'PGSSLCERT',
  sslkey: 'PGSSLKEY',
  sslrootcert: 'PGSSLROOTCERT',
  sslnegotiation: 'PGSSLNEGOTIATION',
  application_name: 'PGAPPNAME',
  options: 'PGOPTIONS',
  connect_timeout: 'PGCONNECT_TIMEOUT',
  client_encoding: 'PGCLIENTENCODING',
  target_session_attrs: 'PGTARGETSESSIONATTRS',
  passfile: 'PGPASSFILE',
};

// Inherited variables that would send libpq somewhere node-postgres does not go: they are replaced
// by the values node-postgres resolved, or removed.
const REDIRECTING = ['PGSERVICE', 'PGSERVICEFILE', 'PGHOSTADDR', 'PGHOST', 'PGPORT', 'PGDATABASE', 'PGUSER', 'PGPASSWORD'];

/**
 * The environment for a libpq program (pg_dump, pg_restore) that must reach exactly the server,
 * database and user that node-postgres reaches for `spec`. Everything travels in variables, the
 * password included: a child's command line is readable by every user of the machine (`ps`), its
 * environment is not.
 */
export function libpqEnvironment(spec: TargetSpec, base: Env, applicationName: string): Record<string, string> {
  if (spec.kind !== 'postgres') {
    throw new PgPreflightError('TARGET_UNSUPPORTED', 'pg_dump and pg_restore cannot reach an embedded pglite: database', {
      hint: 'back up a pglite: folder by copying it while no process uses it; pass a postgres:// URL for a server',
    });
  }
  const config = spec.clientConfig as Readonly<Record<string, unknown>>;
  if (typeof config.sslpassword === 'string') {
    throw new PgPreflightError(
      'TARGET_UNSUPPORTED',
      'sslpassword cannot be handed to pg_dump or pg_restore without showing it on their command line',
      {
        hint: 'use a client key without a passphrase (readable only by you), or a connection without sslpassword',
      },
    );
  }
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(base)) {
    if (value !== undefined && !REDIRECTING.includes(key)) env[key] = value;
  }
  const info = describeTarget(spec);
  env.PGHOST = info.host;
  env.PGPORT = String(info.port ?? 5432);
  env.PGDATABASE = info.database;
  env.PGUSER = info.user;
  // node-postgres falls back to PGPASSWORD (and ~/.pgpass, which libpq reads too).
  const password = typeof config.password === 'string' && config.password !== '' ? config.password : base.PGPASSWORD;
  if (password) env.PGPASSWORD = password;
  for (const [keyword, variable] of Object.entries(KEYWORD_VARIABLES)) {
    const value = config[keyword];
    if (typeof value === 'string' || typeof value === 'number') env[variable] = String(value);
  }
  // node-postgres's own `?ssl=true`: encrypted, as libpq's require.
  if (config.ssl === true && env.PGSSLMODE === undefined) env.PGSSLMODE = 'require';
  // Named, so a blocker check (pg_stat_activity) can tell our dump from someone else's.
  env.PGAPPNAME ??= applicationName;
  return env;
}
