import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CatalogSnapshot } from '../../src/catalog/catalog-snapshot.js';
import { takeCatalogSnapshot } from '../../src/catalog/take-catalog-snapshot.js';
import { withReadOnlyTransaction } from '../../src/db/read-only.js';
import { serverUrl } from '../support/test-database.js';
import type { OpenDatabase } from './catalog-test-databases.js';
import { openServerDatabase, openShadowDatabase } from './catalog-test-databases.js';

const FIXTURE = readFileSync(path.join(import.meta.dirname, 'fixtures', 'catalog-fixture.sql'), 'utf8');

const find = <T extends { readonly name: string }>(items: readonly T[], name: string, table?: string): T => {
  const found = items.find((item) => item.name === name && (table === undefined || (item as { table?: string }).table === table));
  if (!found) throw new Error(`${name} not in the snapshot`);
  return found;
};

const targets: readonly (readonly [string, () => Promise<OpenDatabase>, boolean])[] = [
  ['PostgreSQL server', openServerDatabase, true],
  ['PGlite', openShadowDatabase, false],
];

describe.each(targets)('catalog snapshot of the fixture schema on %s', (_label, open, needsServer) => {
  let database: OpenDatabase | undefined;
  let snapshot: CatalogSnapshot;

  beforeAll(async () => {
    if (needsServer && !serverUrl()) return;
    database = await open();
    await database.client.exec(FIXTURE);
    snapshot = await takeCatalogSnapshot(database.client);
  });
  afterAll(async () => {
    await database?.close();
  });

  const test = it.skipIf(needsServer && !serverUrl());

  test('lists user schemas and tables, not system or extension ones', () => {
    expect(snapshot.objects.schemas).toEqual(['billing', 'public']);
    expect(snapshot.objects.tables.map((t) => `${t.schema}.${t.name}:${t.kind}`)).toEqual([
      'billing.invoices:table',
      'billing.revenue_by_state:matview',
      'billing.secure_invoices:view',
      'public.Customer:table',
      'public._history:table',
      'public.audit_log:table',
      'public.events:partitioned',
      'public.events_2025:table',
      'public.open_orders:view',
      'public.orders:table',
    ]);
    // citext and pgcrypto put dozens of functions in public; none is the schema's own.
    expect(snapshot.objects.functions.map((f) => `${f.schema}.${f.name}`)).toEqual([
      'billing.add_tax',
      'billing.void_invoice',
      'public.archive_orders',
      'public.log_order_change',
      'public.order_total',
      'public.touch_updated_at',
    ]);
    expect(snapshot.objects.extensions.map((e) => `${e.name}@${e.schema}`)).toEqual([
      'citext@public',
      'pgcrypto@public',
      'plpgsql@pg_catalog',
    ]);
    expect(snapshot.objects.extensions.every((e) => /^\d+\.\d+$/.test(e.version))).toBe(true);
  });

  test('reads tables: primary key, RLS, partitioning, options', () => {
    const { tables } = snapshot.objects;
    expect(find(tables, 'orders')).toMatchObject({ primaryKey: ['id'], rlsEnabled: false, unlogged: false });
    expect(find(tables, 'invoices')).toMatchObject({ schema: 'billing', rlsEnabled: true, rlsForced: true, primaryKey: ['id'] });
    expect(find(tables, 'events')).toMatchObject({ kind: 'partitioned', partitionKey: 'RANGE (day)', primaryKey: ['id', 'day'] });
    expect(find(tables, 'events_2025')).toMatchObject({
      partitionOf: { schema: 'public', name: 'events' },
      partitionBound: "FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')",
    });
    expect(find(tables, 'secure_invoices').options).toEqual(['security_invoker=true']);
    expect(find(tables, 'open_orders').primaryKey).toBeNull();
  });

  test('reads columns: type, nullability, default, identity, generated, collation', () => {
    const columns = snapshot.objects.columns.filter((c) => c.table === 'orders');
    // legacy_code was dropped: positions stay dense.
    expect(columns.map((c) => `${c.position}:${c.name}`)).toEqual([
      '1:id',
      '2:customer_id',
      '3:status',
      '4:reference_type',
      '5:quantity',
      '6:unit_price',
      '7:total',
      '8:tags',
      '9:note',
      '10:updated_at',
      '11:priority',
    ]);
    expect(find(columns, 'id')).toMatchObject({ type: 'integer', notNull: true, default: "nextval('public.orders_id_seq'::regclass)" });
    expect(find(columns, 'status')).toMatchObject({ type: 'public.order_status', default: "'draft'::public.order_status" });
    expect(find(columns, 'total')).toMatchObject({
      type: 'numeric(14,2)',
      default: null,
      generated: { kind: 'stored', expression: '((quantity)::numeric * unit_price)' },
    });
    expect(find(columns, 'priority')).toMatchObject({ type: 'smallint', identity: 'by-default', notNull: true, notNullValidated: true });
    expect(find(columns, 'note')).toMatchObject({ notNull: false, default: null, identity: null, generated: null, collation: null });
    const customer = snapshot.objects.columns.filter((c) => c.table === 'Customer');
    expect(find(customer, 'id').identity).toBe('always');
    expect(find(customer, 'email').type).toBe('public.citext');
    expect(find(customer, 'displayName')).toMatchObject({ type: 'character varying(120)', collation: '"C"' });
    // Printed in UTC whatever the session's TimeZone.
    expect(find(customer, 'trial_ends').default).toBe("'2025-06-01 10:00:00+00'::timestamp with time zone");
    const invoices = snapshot.objects.columns.filter((c) => c.table === 'invoices');
    expect(find(invoices, 'state')).toMatchObject({ type: 'billing."InvoiceState"', default: `'open'::billing."InvoiceState"` });
    expect(find(invoices, 'valid_for').default).toBe("'30 days'::interval");
  });

  test('reads constraints with their definitions, NOT VALID and foreign key actions', () => {
    const { constraints } = snapshot.objects;
    expect(find(constraints, 'orders_reference_type_check')).toMatchObject({
      type: 'check',
      definition: "CHECK ((reference_type = ANY (ARRAY['purchase_order'::text, 'transfer'::text, 'member_program_item_schedule'::text])))",
      columns: ['reference_type'],
      validated: true,
      foreignKey: null,
    });
    expect(find(constraints, 'invoices_order_fk')).toMatchObject({
      type: 'foreign-key',
      definition: 'FOREIGN KEY (order_id) REFERENCES public.orders(id) ON UPDATE RESTRICT ON DELETE SET NULL NOT VALID',
      validated: false,
      foreignKey: {
        referencedTable: { schema: 'public', name: 'orders' },
        referencedColumns: ['id'],
        onDelete: 'set null',
        onUpdate: 'restrict',
        match: 'simple',
      },
    });
    expect(find(constraints, 'orders_customer_id_fkey').foreignKey).toMatchObject({
      referencedTable: { schema: 'public', name: 'Customer' },
      onDelete: 'cascade',
      onUpdate: 'no action',
    });
    expect(find(constraints, 'orders_customer_id_id_key')).toMatchObject({
      type: 'unique',
      columns: ['customer_id', 'id'],
      deferrable: true,
      initiallyDeferred: true,
    });
    expect(find(constraints, 'events_pkey')).toMatchObject({ type: 'primary-key', columns: ['id', 'day'] });
    // PostgreSQL 18 keeps NOT NULL as constraints too; the snapshot never lists them.
    expect(constraints.filter((c) => c.name.endsWith('_not_null'))).toEqual([]);
    expect(constraints).toHaveLength(14);
  });

  test('reads indexes: partial, expression, INCLUDE, NULLS NOT DISTINCT, owning constraint', () => {
    const { indexes } = snapshot.objects;
    expect(find(indexes, 'orders_one_draft_per_customer')).toMatchObject({
      unique: true,
      primary: false,
      valid: true,
      columns: ['customer_id'],
      predicate: "(status = 'draft'::public.order_status)",
      constraint: null,
    });
    expect(find(indexes, 'orders_lower_note_idx')).toMatchObject({
      definition: 'CREATE INDEX orders_lower_note_idx ON public.orders USING btree (lower(note), id DESC)',
      columns: ['lower(note)', 'id'],
      unique: false,
    });
    expect(find(indexes, 'orders_tags_gin').method).toBe('gin');
    expect(find(indexes, 'invoices_state_idx')).toMatchObject({ columns: ['state'], include: ['amount'] });
    expect(find(indexes, 'invoices_number_key')).toMatchObject({ unique: true, nullsNotDistinct: true });
    expect(find(indexes, 'orders_pkey')).toMatchObject({ primary: true, constraint: 'orders_pkey' });
    expect(find(indexes, 'Customer_email_key').definition).toBe(
      'CREATE UNIQUE INDEX "Customer_email_key" ON public."Customer" USING btree (email)',
    );
  });

  test('reads triggers: function, timing, events, level, enabled, WHEN', () => {
    const { triggers } = snapshot.objects;
    expect(triggers.map((t) => t.name)).toEqual(['orders_audit', 'orders_touch']);
    expect(find(triggers, 'orders_touch')).toMatchObject({
      table: 'orders',
      function: { schema: 'public', name: 'touch_updated_at' },
      timing: 'before',
      events: ['insert', 'update'],
      updateColumns: ['status', 'quantity'],
      level: 'row',
      enabled: 'origin',
      when: '(pg_trigger_depth() = 0)',
      constraintTrigger: false,
    });
    expect(find(triggers, 'orders_audit')).toMatchObject({
      function: { schema: 'public', name: 'log_order_change' },
      timing: 'after',
      events: ['delete', 'truncate'],
      level: 'statement',
      enabled: 'disabled',
      when: null,
    });
  });

  test('reads functions: source, language, SECURITY DEFINER, config, kind', () => {
    const { functions } = snapshot.objects;
    expect(find(functions, 'void_invoice')).toMatchObject({
      language: 'plpgsql',
      securityDefiner: true,
      config: ['search_path=billing, pg_temp'],
      identityArguments: 'p_id uuid',
      returns: 'void',
      volatility: 'volatile',
    });
    expect(find(functions, 'log_order_change').source).toContain("VALUES ('member_program_item_schedule')");
    expect(find(functions, 'log_order_change')).toMatchObject({ returns: 'trigger', securityDefiner: false, config: [] });
    expect(find(functions, 'order_total')).toMatchObject({
      language: 'sql',
      volatility: 'stable',
      source: '\n  SELECT o.quantity * o.unit_price\n',
    });
    // A SQL-standard body has no prosrc; its deparsed text stands in.
    expect(find(functions, 'add_tax')).toMatchObject({
      source: 'RETURN (amount * ((1)::numeric + rate))',
      arguments: 'amount numeric, rate numeric DEFAULT 0.2',
      identityArguments: 'amount numeric, rate numeric',
      volatility: 'immutable',
      strict: true,
    });
    expect(find(functions, 'archive_orders')).toMatchObject({ kind: 'procedure', returns: null });
  });

  test('reads views, enums, sequences and policies', () => {
    const { views, enums, sequences, policies } = snapshot.objects;
    expect(find(views, 'secure_invoices')).toMatchObject({
      kind: 'view',
      definition: " SELECT id,\n    amount\n   FROM billing.invoices\n  WHERE (issued_on > '2025-01-01'::date);",
    });
    expect(find(views, 'revenue_by_state').kind).toBe('matview');
    expect(find(views, 'open_orders').definition).toContain('JOIN public."Customer" c ON ((c.id = o.customer_id))');
    expect(find(enums, 'order_status').labels).toEqual(['draft', 'placed', 'paid', 'shipped', 'cancelled']);
    expect(find(enums, 'InvoiceState')).toMatchObject({ schema: 'billing', labels: ['open', 'paid', 'void'] });
    expect(find(sequences, 'invoice_number_seq')).toMatchObject({
      type: 'integer',
      start: '1000',
      increment: '5',
      max: '2147483647',
      ownedBy: { schema: 'billing', table: 'invoices', column: 'number' },
      identity: false,
    });
    expect(find(sequences, 'Customer_id_seq')).toMatchObject({ type: 'bigint', max: '9223372036854775807', identity: true });
    expect(find(sequences, 'ticket_seq')).toMatchObject({ cycle: true, max: '99', ownedBy: null });
    expect(find(policies, 'invoices_visible')).toMatchObject({
      table: 'invoices',
      command: 'select',
      permissive: true,
      roles: ['public'],
      using: `(state <> 'void'::billing."InvoiceState")`,
      withCheck: null,
    });
    expect(find(policies, 'invoices_insert')).toMatchObject({
      command: 'insert',
      permissive: false,
      using: null,
      withCheck: '(amount >= (0)::numeric)',
    });
  });

  test('reads the same inside a read-only transaction, and gives the session its settings back', async () => {
    await database!.client.exec(`SET search_path = public, billing; SET TimeZone = 'Europe/Paris'`);
    const inside = await withReadOnlyTransaction(database!.client, (client) => takeCatalogSnapshot(client));
    expect(inside).toEqual(snapshot);
    const settings = await database!.client.query<{ search_path: string; timezone: string }>(
      `SELECT current_setting('search_path') AS search_path, current_setting('TimeZone') AS timezone`,
    );
    expect(settings.rows[0]).toEqual({ search_path: 'public, billing', timezone: 'Europe/Paris' });
  });

  test('keeps every list sorted and carries no OIDs', async () => {
    const again = await takeCatalogSnapshot(database!.client);
    expect(again).toEqual(snapshot);
    const keys = snapshot.objects.columns.map((c) => [c.schema, c.table, String(c.position).padStart(5, '0')].join('\u0000'));
    expect(keys).toEqual([...keys].sort());
    const keysOf = (value: unknown): string[] =>
      Array.isArray(value)
        ? value.flatMap(keysOf)
        : value && typeof value === 'object'
          ? Object.entries(value).flatMap(([k, v]) => [k, ...keysOf(v)])
          : [];
    expect(keysOf(snapshot).filter((key) => /oid|relid/i.test(key))).toEqual([]);
  });
});
