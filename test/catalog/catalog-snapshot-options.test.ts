import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { takeCatalogSnapshot } from '../../src/catalog/take-catalog-snapshot.js';
import type { OpenDatabase } from './catalog-test-databases.js';
import { openShadowDatabase } from './catalog-test-databases.js';

const FIXTURE = readFileSync(path.join(import.meta.dirname, 'fixtures', 'catalog-fixture.sql'), 'utf8');

describe('catalog snapshot options and safety (PGlite)', () => {
  let shadow: OpenDatabase;

  beforeAll(async () => {
    shadow = await openShadowDatabase();
    await shadow.client.exec(FIXTURE);
  });
  afterAll(async () => {
    await shadow?.close();
  });

  it('leaves out excluded tables with everything that hangs on them', async () => {
    const full = await takeCatalogSnapshot(shadow.client);
    const snapshot = await takeCatalogSnapshot(shadow.client, {
      excludeTables: [
        { schema: 'public', name: '_history' },
        { schema: 'public', name: 'audit_log' },
      ],
    });
    const mentions = (name: string) =>
      JSON.stringify([
        snapshot.objects.tables,
        snapshot.objects.columns,
        snapshot.objects.constraints,
        snapshot.objects.indexes,
        snapshot.objects.sequences,
        snapshot.statistics,
      ]).includes(`"${name}"`);
    expect(mentions('_history')).toBe(false);
    expect(mentions('audit_log')).toBe(false);
    // audit_log_id_seq is owned by audit_log; ticket_seq by nobody.
    expect(snapshot.objects.sequences.map((s) => s.name)).not.toContain('audit_log_id_seq');
    expect(snapshot.objects.sequences.map((s) => s.name)).toContain('ticket_seq');
    expect(snapshot.statistics.sequences.map((s) => s.name)).not.toContain('audit_log_id_seq');
    expect(snapshot.objects.tables).toHaveLength(full.objects.tables.length - 2);
    // Same name in another schema is not excluded.
    const other = await takeCatalogSnapshot(shadow.client, { excludeTables: [{ schema: 'billing', name: 'orders' }] });
    expect(other.objects).toEqual(full.objects);
  });

  it('limits the snapshot to the given schemas', async () => {
    const snapshot = await takeCatalogSnapshot(shadow.client, { schemas: ['billing'] });
    expect(snapshot.objects.schemas).toEqual(['billing']);
    for (const list of [
      snapshot.objects.tables,
      snapshot.objects.columns,
      snapshot.objects.functions,
      snapshot.objects.enums,
      snapshot.objects.sequences,
    ]) {
      expect(list.length).toBeGreaterThan(0);
      expect(new Set(list.map((item) => item.schema))).toEqual(new Set(['billing']));
    }
    // The FK from billing to public still names its referenced table.
    expect(snapshot.objects.constraints.find((c) => c.name === 'invoices_order_fk')?.foreignKey).toMatchObject({
      referencedTable: { schema: 'public', name: 'orders' },
      referencedColumns: ['id'],
    });
    expect(snapshot.objects.extensions.map((e) => e.name)).toContain('citext');
  });

  it('keeps statistics apart: data changes them, not the schema part', async () => {
    const before = await takeCatalogSnapshot(shadow.client);
    expect(before.statistics.tables.find((t) => t.name === 'audit_log')).toMatchObject({ rowEstimate: null });
    expect(before.statistics.sequences.find((s) => s.name === 'ticket_seq')).toEqual({
      schema: 'public',
      name: 'ticket_seq',
      lastValue: null,
    });
    await shadow.client.exec(`
      INSERT INTO public.audit_log (reference_type) SELECT 'transfer' FROM generate_series(1, 500);
      SELECT nextval('public.ticket_seq'), nextval('public.ticket_seq');
      ANALYZE public.audit_log;`);
    const after = await takeCatalogSnapshot(shadow.client);
    expect(after.objects).toEqual(before.objects);
    const audit = after.statistics.tables.find((t) => t.name === 'audit_log')!;
    expect(audit.rowEstimate).toBe(500);
    expect(audit.totalBytes).toBeGreaterThan(8192);
    expect(after.statistics.sequences.find((s) => s.name === 'ticket_seq')?.lastValue).toBe('2');
    expect(after.statistics.sequences.find((s) => s.name === 'audit_log_id_seq')?.lastValue).toBe('500');
  });

  it('reads a NOT NULL added NOT VALID as not validated (PostgreSQL 18)', async () => {
    await shadow.client.exec(`
      CREATE TABLE public.loose (id integer, label text);
      INSERT INTO public.loose VALUES (1, NULL);
      ALTER TABLE public.loose ADD CONSTRAINT loose_label_not_null NOT NULL label NOT VALID;`);
    const snapshot = await takeCatalogSnapshot(shadow.client);
    const label = snapshot.objects.columns.find((c) => c.table === 'loose' && c.name === 'label');
    expect(label).toMatchObject({ notNull: true, notNullValidated: false });
    expect(snapshot.objects.columns.find((c) => c.table === 'loose' && c.name === 'id')).toMatchObject({
      notNull: false,
      notNullValidated: true,
    });
    await shadow.client.exec(`DELETE FROM public.loose; ALTER TABLE public.loose VALIDATE CONSTRAINT loose_label_not_null`);
    const validated = await takeCatalogSnapshot(shadow.client);
    expect(validated.objects.columns.find((c) => c.table === 'loose' && c.name === 'label')).toMatchObject({
      notNull: true,
      notNullValidated: true,
    });
    await shadow.client.exec(`DROP TABLE public.loose`);
  });
});
