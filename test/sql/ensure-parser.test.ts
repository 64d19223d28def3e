import { expect, it } from 'vitest';
import { PgPreflightError } from '../../src/core/pgpreflight-error.js';
import { ensureParser, loadedParser, parserLoadMilliseconds } from '../../src/sql/ensure-parser.js';
import { parseSql, parseSqlSync } from '../../src/sql/parse-sql.js';

// Own file: vitest gives each test file a fresh module registry, so nothing has loaded the parser yet.
it('loads the WASM parser on first use only, once', async () => {
  expect(parserLoadMilliseconds()).toBeUndefined();
  expect(() => parseSqlSync('SELECT 1')).toThrow(PgPreflightError);
  expect(() => loadedParser()).toThrow(/before it was loaded/);

  const [first, second] = await Promise.all([ensureParser(), ensureParser()]);
  expect(first).toBe(second);
  expect(parserLoadMilliseconds()).toBeGreaterThan(0);
  expect((await parseSql('SELECT 1')).statements).toHaveLength(1);
  expect(parseSqlSync('SELECT 2').statements[0]!.text).toBe('SELECT 2');
});
