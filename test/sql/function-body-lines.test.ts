import { expect, it } from 'vitest';
import type { DatabaseClient } from '../../src/db/database-client.js';
import { parseFunctionBody } from '../../src/sql/parse-function-body.js';
import { parseSql } from '../../src/sql/parse-sql.js';
import { failureOf, onBothDatabases } from './support/sql-test-clients.js';

interface CatalogRow {
  readonly prosrc: string;
  readonly lanname: string;
  readonly args: string;
  readonly result: string | null;
  readonly prokind: string;
}

async function catalogFunction(db: DatabaseClient, name: string): Promise<CatalogRow> {
  const { rows } = await db.query<CatalogRow>(
    `SELECT p.prosrc, l.lanname, pg_get_function_arguments(p.oid) AS args, pg_get_function_result(p.oid) AS result, p.prokind
       FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang WHERE p.proname = $1`,
    [name],
  );
  return rows[0]!;
}

/** "PL/pgSQL function f(integer) line 4 at SQL statement" → 4, and the SQL statement quoted above it. */
function contextOf(where: string | undefined): { line: number; statement?: string } {
  const line = /PL\/pgSQL function .* line (\d+) at/.exec(where ?? '');
  if (!line) throw new Error(`no PL/pgSQL line in CONTEXT: ${where}`);
  const statement = /^SQL statement "([\s\S]*)"$/m.exec(where ?? '')?.[1];
  return { line: Number(line[1]), ...(statement ? { statement } : {}) };
}

const MIGRATION = [
  'CREATE TABLE checked (v integer CHECK (v > 0));', //                          1
  '', //                                                                        2
  'CREATE FUNCTION pgp_line4(p integer) RETURNS integer LANGUAGE plpgsql AS $$', // 3  body line 1
  'BEGIN', //                                                                   4  body line 2
  '  INSERT INTO checked VALUES (p);', //                                       5  body line 3
  '  INSERT INTO checked VALUES (p - 100);', //                                 6  body line 4: fails
  '  RETURN p;', //                                                             7
  'END', //                                                                     8
  '$$;', //                                                                     9
  '', //                                                                        10
  "CREATE TABLE inventory_transactions (id serial, reference_type text CHECK (reference_type IN ('purchase', 'count')));", // 11
  'CREATE TABLE schedule_items (id integer PRIMARY KEY, completed boolean NOT NULL DEFAULT false);', // 12
  'CREATE FUNCTION log_completion() RETURNS trigger', //                         13
  'LANGUAGE plpgsql', //                                                        14
  'AS $body$', //                                                               15 body line 1
  'DECLARE', //                                                                 16
  "  kind text := 'member_program_item_schedule';", //                          17
  'BEGIN', //                                                                   18
  '  IF NEW.completed AND NOT OLD.completed THEN', //                           19
  '    INSERT INTO inventory_transactions (reference_type)', //                 20 body line 6: fails
  '    VALUES (kind);', //                                                      21
  '  END IF;', //                                                               22
  '  RETURN NEW;', //                                                           23
  'END', //                                                                     24
  '$body$;', //                                                                 25
  'CREATE TRIGGER schedule_item_completed AFTER UPDATE ON schedule_items', //    26
  '  FOR EACH ROW EXECUTE FUNCTION log_completion();', //                       27
  'INSERT INTO schedule_items VALUES (1, false);', //                           28
].join('\n');

onBothDatabases('PL/pgSQL line numbers match PostgreSQL error CONTEXT', (db) => {
  it('finds the failing statement of a catalog body at the line PostgreSQL reports (line 4)', async () => {
    await db().exec(MIGRATION);
    const error = await failureOf(db(), 'SELECT pgp_line4(5)');
    expect(error.sqlState).toBe('23514');
    const context = contextOf(error.where);
    expect(context).toEqual({ line: 4, statement: 'INSERT INTO checked VALUES (p - 100)' });

    const row = await catalogFunction(db(), 'pgp_line4');
    const parsed = await parseFunctionBody({
      source: row.prosrc,
      language: row.lanname,
      arguments: row.args,
      returns: row.result ?? undefined,
    });
    expect(parsed.errors).toEqual([]);
    const failing = parsed.body!.embedded.find((item) => item.text === context.statement);
    expect(failing).toMatchObject({ kind: 'statement', bodyLine: 4, line: 4 });

    // The same statement in the migration file: file line 6, body line 4.
    const file = await parseSql(MIGRATION);
    const inFile = file.statements[1]!.body!.embedded.find((item) => item.text === context.statement);
    expect(inFile).toMatchObject({ bodyLine: 4, line: 6 });
    expect(MIGRATION.split('\n')[inFile!.line - 1]).toContain(context.statement);
  });

  it('finds the INSERT of a trigger function (the incident) at the line PostgreSQL reports', async () => {
    const error = await failureOf(db(), 'UPDATE schedule_items SET completed = true WHERE id = 1');
    expect(error.sqlState).toBe('23514');
    const context = contextOf(error.where);
    expect(context.line).toBe(6);

    const row = await catalogFunction(db(), 'log_completion');
    expect(row.result).toBe('trigger');
    const parsed = await parseFunctionBody({
      source: row.prosrc,
      language: row.lanname,
      arguments: row.args,
      returns: row.result ?? undefined,
    });
    expect(parsed.errors).toEqual([]);
    const insert = parsed.body!.embedded.find(
      (item) => item.kind === 'statement' && item.text.startsWith('INSERT INTO inventory_transactions'),
    );
    expect(insert?.bodyLine).toBe(context.line);
    expect(parsed.body!.embedded.find((item) => item.context === 'declare')).toMatchObject({
      text: "'member_program_item_schedule'",
      bodyLine: 3,
    });

    const file = await parseSql(MIGRATION);
    const inFile = file.statements.find((s) => s.kind === 'CreateFunctionStmt' && s.text.includes('log_completion'))!;
    expect(inFile.body!.embedded.find((item) => item.text === insert!.text)).toMatchObject({ bodyLine: 6, line: 20 });
  });

  it('places a RAISE at the line PostgreSQL reports, through its parameter', async () => {
    await db().exec(`CREATE FUNCTION pgp_raise(p integer) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF p > 1 THEN
    p := p + 1;
    RAISE EXCEPTION 'too big: %', p;
  END IF;
END $$`);
    const context = contextOf((await failureOf(db(), 'SELECT pgp_raise(5)')).where);
    const row = await catalogFunction(db(), 'pgp_raise');
    const parsed = await parseFunctionBody({
      source: row.prosrc,
      language: row.lanname,
      arguments: row.args,
      returns: row.result ?? undefined,
    });
    expect(parsed.body!.embedded.find((item) => item.context === 'raise')).toMatchObject({ text: 'p', bodyLine: context.line });
    expect(parsed.body!.embedded.find((item) => item.kind === 'assignment')).toMatchObject({
      target: 'p',
      value: 'p + 1',
      bodyLine: context.line - 1,
    });
  });

  it('puts a body syntax error on the file line where PostgreSQL points', async () => {
    const bad = [
      'CREATE FUNCTION pgp_bad() RETURNS void LANGUAGE plpgsql AS $$', // 1
      'DECLARE', //                                                     2
      '  n integer;', //                                                3
      'BEGIN', //                                                       4
      '  n := 1;', //                                                   5
      '  UPDAT checked SET v = n;', //                                  6
      'END $$;', //                                                     7
    ].join('\n');
    const server = await failureOf(db(), bad);
    expect(server.sqlState).toBe('42601');
    const ours = (await parseSql(bad)).errors;
    expect(ours).toHaveLength(1);
    expect(ours[0]!.message).toBe(server.message);
    // PostgreSQL's position is a 1-based character offset into the statement.
    const serverLine = bad.slice(0, server.position! - 1).split('\n').length;
    expect(ours[0]!.line).toBe(serverLine);
    expect(ours[0]!.line).toBe(6);
  });

  it('agrees with PostgreSQL on which bodies compile', async () => {
    const bodies: readonly [string, string][] = [
      ['RETURNS trigger', "BEGIN NEW.note := 'x'; RETURN NEW; END"],
      ['RETURNS integer', "BEGIN NEW.note := 'x'; RETURN 1; END"],
      ['RETURNS void', 'DECLARE r checked%ROWTYPE; BEGIN r.v := 1; INSERT INTO checked SELECT r.*; END'],
      ['RETURNS void', 'BEGIN missing := 1; END'],
      ['RETURNS void', 'BEGIN INSERT INTO checked VALUES (1) RETURNING; END'],
      ['RETURNS void', 'BEGIN IF true THEN NULL; END; END'],
      ['(OUT total integer)', 'BEGIN total := 2; END'],
      ['RETURNS TABLE (a integer)', 'BEGIN a := 1; RETURN NEXT; END'],
    ];
    const verdicts: boolean[] = [];
    for (const [index, [signature, body]] of bodies.entries()) {
      const header = signature.startsWith('(') ? `pgp_cmp${index}${signature}` : `pgp_cmp${index}() ${signature}`;
      const statement = `CREATE FUNCTION ${header} LANGUAGE plpgsql AS $$ ${body} $$`;
      const serverAccepts = await db()
        .exec(statement)
        .then(() => true)
        .catch(() => false);
      const ours = await parseSql(statement);
      expect({ statement, accepted: ours.errors.length === 0 }).toEqual({ statement, accepted: serverAccepts });
      verdicts.push(serverAccepts);
    }
    expect(verdicts).toEqual([true, false, true, false, false, false, true, true]);
  });
});
