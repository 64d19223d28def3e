import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { takeCatalogSnapshot } from '../../src/catalog/take-catalog-snapshot.js';
import { describeServer } from '../support/test-database.js';
import type { OpenDatabase } from './catalog-test-databases.js';
import { openServerDatabase, openShadowDatabase } from './catalog-test-databases.js';

const VIEWS = readFileSync(path.join(import.meta.dirname, 'fixtures', 'view-definitions.sql'), 'utf8');

describeServer('view definitions on PostgreSQL 15 and PGlite', () => {
  let server: OpenDatabase;
  let shadow: OpenDatabase;

  beforeAll(async () => {
    [server, shadow] = await Promise.all([openServerDatabase(), openShadowDatabase()]);
    await Promise.all([server.client.exec(VIEWS), shadow.client.exec(VIEWS)]);
  });
  afterAll(async () => {
    await Promise.all([server?.close(), shadow?.close()]);
  });

  it('prints every view the same on both', async () => {
    const [onServer, onPglite] = [await takeCatalogSnapshot(server.client), await takeCatalogSnapshot(shadow.client)];
    expect(onServer.objects.views).toHaveLength(23);
    expect(onServer.objects.views).toEqual(onPglite.objects.views);
  });

  it('drops the qualifier of top-level columns only, as PostgreSQL 16+ prints them', async () => {
    const { views } = (await takeCatalogSnapshot(server.client)).objects;
    const definition = (name: string) => views.find((view) => view.name === name)!.definition;
    expect(definition('v10')).toBe(' SELECT t,\n    billing\n   FROM public.t;');
    expect(definition('v21')).toBe(' SELECT id\n   FROM public."Customer"\n  WHERE ("displayName" IS NOT NULL);');
    // Inside a sublink both versions qualify, the outer reference included.
    expect(definition('v3')).toBe(
      ' SELECT id\n   FROM public.orders o\n  WHERE (EXISTS ( SELECT 1\n           FROM public.audit_log a\n          WHERE (a.reference_type = o.reference_type)));',
    );
    // A whole-row reference keeps its qualifier; a string that looks like a column is left alone.
    expect(definition('v7')).toBe(' SELECT row_to_json(o.*) AS j,\n    id\n   FROM public.orders o;');
    expect(definition('v9')).toContain(`'Customer.id'::text AS lit`);
    // Joins and set operations: both versions qualify.
    expect(definition('v15')).toContain('SELECT o.id,\n    a.id AS aid');
  });
});
