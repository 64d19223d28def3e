import path from 'node:path';
import { parse as parseConnectionString } from 'pg-connection-string';
import type { ClientConfig } from 'pg';
import { PgPreflightError } from '../core/pgpreflight-error.js';
import { registerSecret } from '../core/redact-secrets.js';
import { parseConninfo } from './parse-conninfo.js';

/**
 * A parsed `--url`: a server reached with node-postgres, or an embedded PGlite database kept in a
 * folder (`pglite:PATH`). The password stays inside `clientConfig`; everything shown to a person
 * comes from `TargetInfo`, which has no field for it.
 */
export type TargetSpec =
  | {
      readonly kind: 'postgres';
      readonly clientConfig: ClientConfig;
      /** The URL's `?schema=` parameter: Prisma's convention for the schema holding its tables. */
      readonly schema?: string;
    }
  | { readonly kind: 'pglite'; readonly dataDir: string };

const URL_HINT = 'use postgres://user@host:5432/database, libpq key=value pairs (host=… dbname=…), or pglite:PATH for an embedded database';

export function parseTargetUrl(raw: string, cwd: string = process.cwd()): TargetSpec {
  const text = raw.trim();
  if (text === '') {
    throw new PgPreflightError('URL_INVALID', 'the target URL is empty', { hint: URL_HINT });
  }
  if (/^pglite:/i.test(text)) {
    const location = text.replace(/^pglite:(\/\/)?/i, '');
    if (location === '') {
      throw new PgPreflightError('URL_INVALID', 'pglite: needs a folder, as in pglite:./.pgpreflight/db', {
        hint: URL_HINT,
      });
    }
    return { kind: 'pglite', dataDir: path.resolve(cwd, location) };
  }
  if (/^postgres(ql)?:\/\//i.test(text)) return postgresSpec(fromUrl(text));
  if (/^[a-z_]+\s*=/i.test(text)) return postgresSpec(fromConninfo(text));
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(text)?.[1];
  throw new PgPreflightError(
    'URL_INVALID',
    scheme ? `unsupported URL scheme "${scheme}:"` : 'the target is neither a postgres:// URL nor a key=value connection string',
    { hint: URL_HINT },
  );
}

function postgresSpec(config: ClientConfig & { schema?: unknown }): TargetSpec {
  const { schema, ...clientConfig } = config;
  return typeof schema === 'string' && schema !== '' ? { kind: 'postgres', clientConfig, schema } : { kind: 'postgres', clientConfig };
}

function fromUrl(text: string): ClientConfig {
  let parsed: ReturnType<typeof parseConnectionString>;
  try {
    parsed = parseConnectionString(text, { useLibpqCompat: true });
  } catch (error) {
    // The library's message may quote the input, password included: never pass it on.
    const reason = error instanceof Error && /sslmode/i.test(error.message) ? `: ${error.message.split('.')[0]}` : '';
    throw new PgPreflightError('URL_INVALID', `malformed postgres URL${reason}`, { hint: URL_HINT });
  }
  registerSecret(parsed.password);
  const port = parsed.port ? Number(parsed.port) : undefined;
  if (port !== undefined && (!Number.isInteger(port) || port <= 0 || port > 65535)) {
    throw new PgPreflightError('URL_INVALID', `invalid port "${parsed.port}" in the target URL`, { hint: URL_HINT });
  }
  const config: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (value === null || value === undefined || value === '') continue;
    config[key] = value;
  }
  if (port !== undefined) config.port = port;
  if (typeof parsed.connect_timeout === 'string') config.connectionTimeoutMillis = Number(parsed.connect_timeout) * 1000;
  if (typeof config.sslpassword === 'string') registerSecret(config.sslpassword);
  return config as ClientConfig;
}

function fromConninfo(text: string): ClientConfig {
  const pairs = parseConninfo(text);
  // Rebuild as a URL so both spellings share pg-connection-string's ssl handling.
  const host = pairs.get('host') ?? pairs.get('hostaddr');
  const query = new URLSearchParams();
  for (const [key, value] of pairs) {
    if (['host', 'hostaddr', 'port', 'dbname', 'user', 'password'].includes(key)) continue;
    query.set(key, value);
  }
  if (host?.startsWith('/')) query.set('host', host);
  const user = pairs.get('user');
  const password = pairs.get('password');
  const database = pairs.get('dbname');
  const port = pairs.get('port');
  const authority =
    (user !== undefined ? encodeURIComponent(user) + (password !== undefined ? ':' + encodeURIComponent(password) : '') + '@' : '') +
    (host && !host.startsWith('/') ? (host.includes(':') ? `[${host}]` : host) : '') +
    (port ? `:${port}` : '');
  const rebuilt = `postgres://${authority}/${database ? encodeURIComponent(database) : ''}${query.size ? `?${query}` : ''}`;
  return fromUrl(rebuilt);
}
