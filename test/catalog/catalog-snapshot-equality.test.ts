import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { takeCatalogSnapshot } from '../../src/catalog/take-catalog-snapshot.js';
import { describeServer } from '../support/test-database.js';
import type { OpenDatabase } from './catalog-test-databases.js';
import { openServerDatabase, openShadowDatabase, withoutExtensionVersions } from './catalog-test-databases.js';

const FIXTURE = readFileSync(path.join(import.meta.dirname, 'fixtures', 'catalog-fixture.sql'), 'utf8');

describeServer('catalog snapshot on PostgreSQL 15 and PGlite', () => {
  let server: OpenDatabase;
  let shadow: OpenDatabase;

  beforeAll(async () => {
    [server, shadow] = await Promise.all([openServerDatabase(), openShadowDatabase()]);
    await Promise.all([server.client.exec(FIXTURE), shadow.client.exec(FIXTURE)]);
  });
  afterAll(async () => {
    await Promise.all([server?.close(), shadow?.close()]);
  });

  it('gives deeply equal schema parts for the same schema', async () => {
    const [onServer, onPglite] = [await takeCatalogSnapshot(server.client), await takeCatalogSnapshot(shadow.client)];
    expect(onServer.source).toEqual({ dialect: 'postgres', serverVersionNum: expect.any(Number) });
    expect(onPglite.source.dialect).toBe('pglite');
    expect(onPglite.source.serverVersionNum).toBeGreaterThanOrEqual(180000);
    expect(withoutExtensionVersions(onServer.objects)).toEqual(withoutExtensionVersions(onPglite.objects));
  });

  it('gives equal schema parts whatever each session’s search_path and TimeZone', async () => {
    await server.client.exec(`SET search_path = billing, public; SET TimeZone = 'America/New_York'; SET DateStyle = 'SQL, DMY'`);
    await shadow.client.exec(`SET search_path = public, billing; SET TimeZone = 'Asia/Tokyo'`);
    const [onServer, onPglite] = [await takeCatalogSnapshot(server.client), await takeCatalogSnapshot(shadow.client)];
    expect(withoutExtensionVersions(onServer.objects)).toEqual(withoutExtensionVersions(onPglite.objects));
    // …and gives the session its own settings back.
    const settings = await server.client.query<{ search_path: string; timezone: string; datestyle: string }>(
      `SELECT current_setting('search_path') AS search_path, current_setting('TimeZone') AS timezone, current_setting('DateStyle') AS datestyle`,
    );
    expect(settings.rows[0]).toEqual({ search_path: 'billing, public', timezone: 'America/New_York', datestyle: 'SQL, DMY' });
    const shadowPath = await shadow.client.query<{ search_path: string }>(`SELECT current_setting('search_path') AS search_path`);
    expect(shadowPath.rows[0]!.search_path).toBe('public, billing');
  });
});
