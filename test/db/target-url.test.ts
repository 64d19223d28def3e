import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PgPreflightError } from '../../src/core/pgpreflight-error.js';
import { describeTarget, formatTarget } from '../../src/db/describe-target.js';
import { parseTargetUrl } from '../../src/db/target-url.js';

function postgresConfig(url: string) {
  const spec = parseTargetUrl(url);
  if (spec.kind !== 'postgres') throw new Error('expected postgres');
  return spec;
}

describe('parseTargetUrl', () => {
  it('reads a postgres URL and shows it without the password', () => {
    const spec = postgresConfig('postgres://deploy:s3cret@db.example.com:6543/app?sslmode=disable');
    expect(spec.clientConfig).toMatchObject({ host: 'db.example.com', port: 6543, database: 'app', user: 'deploy', password: 's3cret' });
    const info = describeTarget(spec, 'production');
    expect(info).toEqual({
      kind: 'postgres',
      host: 'db.example.com',
      port: 6543,
      database: 'app',
      user: 'deploy',
      environment: 'production',
    });
    expect(JSON.stringify(info)).not.toContain('s3cret');
    expect(formatTarget(info)).toBe('deploy@db.example.com:6543/app');
  });

  it('reads a libpq key=value string with quoting', () => {
    const spec = postgresConfig("host=db.internal port=5433 dbname='my app' user=ops password='it\\'s' application_name=x");
    expect(spec.clientConfig).toMatchObject({ host: 'db.internal', port: 5433, database: 'my app', user: 'ops', password: "it's" });
  });

  it('reads a socket directory as host', () => {
    const spec = postgresConfig('host=/var/run/postgresql dbname=app user=postgres');
    expect(describeTarget(spec)).toMatchObject({ host: '/var/run/postgresql', database: 'app' });
  });

  it("keeps Prisma's ?schema= apart from the connection settings", () => {
    const spec = postgresConfig('postgresql://u@h/db?schema=tenant_a');
    expect(spec.schema).toBe('tenant_a');
    expect(spec.clientConfig).not.toHaveProperty('schema');
  });

  it('reads pglite:PATH relative to the working folder', () => {
    expect(parseTargetUrl('pglite:./data/db', '/work/app')).toEqual({ kind: 'pglite', dataDir: path.resolve('/work/app/data/db') });
  });

  it.each([
    ['', 'empty'],
    ['mysql://u@h/db', 'unsupported URL scheme "mysql:"'],
    ['just-a-word', 'neither'],
    ['postgres://u:pw@h:99999/db', 'malformed postgres URL'],
    ['host=db dbnmae=app', 'invalid connection option "dbnmae"'],
    ["host=db password='unterminated", 'unterminated'],
    ['pglite:', 'needs a folder'],
  ])('rejects %j with a clear error', (input, message) => {
    try {
      parseTargetUrl(input);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(PgPreflightError);
      expect((error as PgPreflightError).code).toBe('URL_INVALID');
      expect((error as PgPreflightError).message).toContain(message);
      expect((error as PgPreflightError).exitCode).toBe(2);
    }
  });
});
