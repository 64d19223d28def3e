import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CatalogObjects } from '../../src/catalog/catalog-snapshot.js';
import { diffCatalogs } from '../../src/catalog/diff-catalogs.js';
import { effectDdl } from '../../src/catalog/ddl/effect-ddl.js';
import { takeCatalogSnapshot } from '../../src/catalog/take-catalog-snapshot.js';
import type { DatabaseClient } from '../../src/db/database-client.js';
import { describeEffect } from '../../src/report/describe-effect.js';
import { openServerDatabase, openShadowDatabase, type OpenDatabase } from '../support/both-databases.js';
import { describeServer } from '../support/test-database.js';
import { FORMS } from './constraint-forms.js';

/**
 * Issue 15: the catalog snapshot reads whatever PostgreSQL can store. Each form of the reference
 * pages is applied in a schema of its own, snapshotted before and after, diffed, and every effect
 * described and turned back into DDL — without an error — and the snapshot holds the object with
 * its key text. One database per side for the whole table: each snapshot reads one schema.
 */
async function snapshotOf(client: DatabaseClient, schema: string): Promise<CatalogObjects> {
  return (await takeCatalogSnapshot(client, { schemas: [schema] })).objects;
}

function formSuite(side: 'server' | 'pglite', open: () => Promise<OpenDatabase>, wrap: typeof describe): void {
  wrap(`every constraint and index form (${side})`, () => {
    let database: OpenDatabase | undefined;
    beforeAll(async () => {
      database = await open();
      await database.client.exec('CREATE EXTENSION btree_gist');
    });
    afterAll(async () => {
      await database?.close();
    });

    for (const [i, form] of FORMS.entries()) {
      it(form.name, async () => {
        const db = database!.client;
        const schema = `form_${i}`;
        await db.exec(`CREATE SCHEMA ${schema}; SET search_path = ${schema}, public;\n${form.setup ?? ''}`);
        const before = await snapshotOf(db, schema);
        await db.exec(form.change);
        await db.exec('RESET search_path');
        const after = await snapshotOf(db, schema);
        const effects = diffCatalogs(before, after);
        expect(effects.length, 'the change is seen').toBeGreaterThan(0);
        for (const effect of effects) {
          expect(describeEffect(effect)).toMatch(/\S/);
          effectDdl(effect, { from: before, to: after, restoring: false, currentName: (t) => t });
        }
        // Names in the definitions carry the form's schema; the expectations say S.
        const held: unknown = JSON.parse(JSON.stringify(form.holds(after) ?? null).replace(/form_\d+/g, 'S'));
        expect(held).toEqual(form.expected);
      });
    }
  });
}

formSuite('server', () => openServerDatabase(), describeServer);
formSuite('pglite', () => openShadowDatabase(['btree_gist']), describe);
