import { PgPreflightError } from '../core/pgpreflight-error.js';

// libpq's documented keywords that node-postgres can honour; libpq rejects unknown keywords, and so
// do we, because a typo such as `dbnmae=` would otherwise silently connect to the wrong database.
const KEYWORDS = new Set([
  'host',
  'hostaddr',
  'port',
  'dbname',
  'user',
  'password',
  'passfile',
  'connect_timeout',
  'client_encoding',
  'options',
  'application_name',
  'fallback_application_name',
  'keepalives',
  'sslmode',
  'sslcert',
  'sslkey',
  'sslrootcert',
  'sslpassword',
  'sslnegotiation',
  'target_session_attrs',
]);

/** Parses a libpq key=value connection string (`host=db port=5432 dbname=app`). */
export function parseConninfo(dsn: string): ReadonlyMap<string, string> {
  const out = new Map<string, string>();
  let i = 0;
  const skipSpace = (): void => {
    while (i < dsn.length && /\s/.test(dsn[i]!)) i++;
  };
  while (true) {
    skipSpace();
    if (i >= dsn.length) break;
    const keyStart = i;
    while (i < dsn.length && dsn[i] !== '=' && !/\s/.test(dsn[i]!)) i++;
    const key = dsn.slice(keyStart, i);
    skipSpace();
    if (dsn[i] !== '=') {
      throw invalid(`missing "=" after "${key}" in connection string`);
    }
    i++;
    skipSpace();
    let value = '';
    if (dsn[i] === "'") {
      i++;
      let closed = false;
      while (i < dsn.length) {
        const ch = dsn[i]!;
        if (ch === '\\' && i + 1 < dsn.length) {
          value += dsn[i + 1];
          i += 2;
        } else if (ch === "'") {
          closed = true;
          i++;
          break;
        } else {
          value += ch;
          i++;
        }
      }
      if (!closed) throw invalid('unterminated quoted string in connection string');
    } else {
      while (i < dsn.length && !/\s/.test(dsn[i]!)) {
        if (dsn[i] === '\\' && i + 1 < dsn.length) i++;
        value += dsn[i];
        i++;
      }
    }
    if (!KEYWORDS.has(key)) throw invalid(`invalid connection option "${key}"`);
    out.set(key, value);
  }
  return out;
}

function invalid(message: string): PgPreflightError {
  return new PgPreflightError('URL_INVALID', message, {
    hint: 'write the target as postgres://user@host:port/database or as libpq key=value pairs (host=… dbname=…)',
  });
}
