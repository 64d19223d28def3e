import { describe, expect, it } from 'vitest';
import { redactDeep, redactSecrets, registerSecret, registerSecretsInUrl } from '../../src/core/redact-secrets.js';

describe('redactSecrets', () => {
  it.each([
    ['postgres://app:hunter2@db.example.com:5432/app', 'postgres://app:***@db.example.com:5432/app'],
    ['postgresql://app:p%40ss@db/app?sslmode=require', 'postgresql://app:***@db/app?sslmode=require'],
    ['postgres://app:p@ss@db/app', 'postgres://app:***@db/app'],
    ['postgres://db/app?user=app&password=hunter2&sslmode=require', 'postgres://db/app?user=app&password=***&sslmode=require'],
    ['host=db dbname=app password=hunter2 user=app', 'host=db dbname=app password=*** user=app'],
    ["host=db password='hunter 2' user=app", 'host=db password=*** user=app'],
    ['sslpassword=keypass host=db', 'sslpassword=*** host=db'],
    ['PGPASSWORD=hunter2 psql', 'PGPASSWORD=*** psql'],
    ['{"password":"hunter2","user":"app"}', '{"password":"***","user":"app"}'],
  ])('%s', (input, expected) => {
    expect(redactSecrets(input)).toBe(expected);
  });

  it('leaves text without secrets alone', () => {
    const text = 'postgres://app@db:5432/app and password authentication failed for user "app"';
    expect(redactSecrets(text)).toBe(text);
  });

  it('redacts registered values wherever they appear, also URL-encoded', () => {
    registerSecret('Zq9#canary@pw');
    expect(redactSecrets('server said: bad value Zq9#canary@pw here')).toBe('server said: bad value *** here');
    expect(redactSecrets(`echo ${encodeURIComponent('Zq9#canary@pw')}`)).toBe('echo ***');
  });

  it('registers the password of a URL before it is parsed', () => {
    registerSecretsInUrl('postgres://u:Kx7-unparsable-pw@[bad/host');
    expect(redactSecrets('failed near Kx7-unparsable-pw')).toBe('failed near ***');
  });

  it('redacts inside nested result objects', () => {
    expect(redactDeep({ a: ['postgres://u:pw1234@h/db'], b: { c: 'password=x' }, n: 3 })).toEqual({
      a: ['postgres://u:***@h/db'],
      b: { c: 'password=***' },
      n: 3,
    });
  });
});
