import { describe, expect, it } from 'vitest';
import { embeddedPosition } from '../../src/sql/embedded-position.js';
import { parseFunctionBody } from '../../src/sql/parse-function-body.js';
import { parseSql } from '../../src/sql/parse-sql.js';
import type { EmbeddedSql } from '../../src/sql/routine-body.js';

const summary = (items: readonly EmbeddedSql[]): unknown[] =>
  items.map((item) => [
    item.kind,
    item.context,
    item.line,
    item.bodyLine,
    item.kind === 'assignment' ? `${item.target} := ${item.value}` : item.text,
  ]);

describe('PL/pgSQL bodies in a migration file', () => {
  it('finds the INSERT, UPDATE and NEW.col assignment of a trigger function, with file and body lines', async () => {
    const file = [
      '-- 2025 physical count', //                                                          1
      'CREATE TABLE inventory_transactions (id int, reference_type text);', //              2
      'CREATE OR REPLACE FUNCTION log_schedule_item() RETURNS trigger', //                  3
      'LANGUAGE plpgsql AS $fn$', //                                                        4  body line 1
      'DECLARE', //                                                                         5  body line 2
      "  kind text := 'member_program_item_schedule';", //                                  6  body line 3
      'BEGIN', //                                                                           7
      "  NEW.reference_type := 'member_program_item_schedule';", //                         8  body line 5
      '  IF NEW.completed THEN', //                                                         9
      '    INSERT INTO inventory_transactions (id, reference_type)', //                     10 body line 7
      '    VALUES (NEW.id, kind);', //                                                      11
      '  END IF;', //                                                                       12
      "  UPDATE items SET status = 'done' WHERE id = NEW.item_id;", //                      13 body line 10
      '  RETURN NEW;', //                                                                   14
      'END', //                                                                             15
      '$fn$;', //                                                                           16
    ].join('\n');
    const { statements, errors } = await parseSql(file, { file: 'm.sql' });
    expect(errors).toEqual([]);
    const body = statements[1]!.body!;
    expect(body.language).toBe('plpgsql');
    expect(body.firstLine).toBe(4);
    expect(body.ast).toHaveProperty('action.PLpgSQL_stmt_block');
    expect(summary(body.embedded)).toEqual([
      ['expression', 'declare', 6, 3, "'member_program_item_schedule'"],
      ['assignment', 'assign', 8, 5, "NEW.reference_type := 'member_program_item_schedule'"],
      ['expression', 'if', 9, 6, 'NEW.completed'],
      ['statement', 'execsql', 10, 7, 'INSERT INTO inventory_transactions (id, reference_type)\n    VALUES (NEW.id, kind)'],
      ['statement', 'execsql', 13, 10, "UPDATE items SET status = 'done' WHERE id = NEW.item_id"],
    ]);
    // The assignment's value and the INSERT are parsed, so writer analysis reads the literals.
    expect(body.embedded[1]!.node).toEqual({ A_Const: { sval: { sval: 'member_program_item_schedule' }, location: 22 } });
    expect(body.embedded[1]!.text.slice(22)).toBe("'member_program_item_schedule'");
    const insert = body.embedded[3]!.node!;
    expect(insert).toHaveProperty('InsertStmt.relation.relname', 'inventory_transactions');

    // Columns in the file, and the file position of a node inside an embedded statement.
    expect(body.embedded.map((item) => [item.line, item.column])).toEqual([
      [6, 16],
      [8, 3],
      [9, 6],
      [10, 5],
      [13, 3],
    ]);
    const values = (
      insert as {
        InsertStmt: { selectStmt: { SelectStmt: { valuesLists: { List: { items: { ColumnRef: { location: number } }[] } }[] } } };
      }
    ).InsertStmt.selectStmt.SelectStmt.valuesLists[0]!.List.items;
    expect(embeddedPosition(body, body.embedded[3]!, values[1]!.ColumnRef.location)).toEqual({ line: 11, column: 21 });
    expect(
      embeddedPosition(body, body.embedded[1]!, (body.embedded[1]!.node as { A_Const: { location: number } }).A_Const.location),
    ).toEqual({ line: 8, column: 25 });
  });

  it('parses DO blocks, also when the body starts on the DO line', async () => {
    const file = [
      'SELECT 1;', //                                             1
      "DO $$ BEGIN INSERT INTO audit VALUES ('start');", //       2  body line 1
      '  UPDATE accounts SET active = false;', //                 3  body line 2
      'END $$;', //                                               4
      'DO LANGUAGE plpgsql $body$', //                            5  body line 1
      'DECLARE n int;', //                                        6
      'BEGIN', //                                                 7
      '  SELECT count(*) INTO n FROM accounts;', //               8  body line 4
      "  PERFORM pg_notify('accounts', n::text);", //           9
      'END', //                                                   10
      '$body$;', //                                               11
    ].join('\n');
    const { statements, errors } = await parseSql(file);
    expect(errors).toEqual([]);
    expect(statements[1]!.body!.embedded.map((item) => item.column)).toEqual([13, 3]);
    expect(summary(statements[1]!.body!.embedded)).toEqual([
      ['statement', 'execsql', 2, 1, "INSERT INTO audit VALUES ('start')"],
      ['statement', 'execsql', 3, 2, 'UPDATE accounts SET active = false'],
    ]);
    // PostgreSQL blanks the INTO clause out of the statement it sends to the SQL parser.
    expect(summary(statements[2]!.body!.embedded)).toEqual([
      ['statement', 'execsql', 8, 4, 'SELECT count(*)        FROM accounts'],
      ['statement', 'perform', 9, 5, "SELECT pg_notify('accounts', n::text)"],
    ]);
  });

  it('reports a syntax error in a body at its line and column in the file', async () => {
    const file = [
      'CREATE TABLE t (a int);', //                                       1
      'CREATE FUNCTION broken() RETURNS void LANGUAGE plpgsql AS $$', //   2
      'BEGIN', //                                                         3
      '  INSERT INTO t VALUES (1);', //                                   4
      '  UPDAT t SET a = 2;', //                                          5
      'END $$;', //                                                       6
      'CREATE TABLE u (a int);', //                                       7
    ].join('\n');
    const { statements, errors } = await parseSql(file, { file: 'm.sql' });
    expect(errors).toEqual([
      expect.objectContaining({
        ruleId: 'syntax-error',
        message: 'syntax error at or near "UPDAT"',
        file: 'm.sql',
        line: 5,
        column: 3,
        evidence: { routine: 'broken', language: 'plpgsql', bodyLine: 4 },
      }),
    ]);
    expect(statements.map((s) => s.kind)).toEqual(['CreateStmt', 'CreateFunctionStmt', 'CreateStmt']);
  });

  it('accepts a %ROWTYPE variable whose fields are assigned (libpg-query alone rejects it)', async () => {
    const file = `CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$
DECLARE r public.items%ROWTYPE;
BEGIN
  r.name := 'x';
  INSERT INTO items SELECT r.*;
END $$;`;
    const { statements, errors } = await parseSql(file);
    expect(errors).toEqual([]);
    expect(statements[0]!.body!.source).toContain('%ROWTYPE');
    expect(summary(statements[0]!.body!.embedded).map((row) => (row as unknown[])[4])).toEqual([
      "r.name := 'x'",
      'INSERT INTO items SELECT r.*',
    ]);
  });

  it('parses LANGUAGE sql bodies into statements with their lines', async () => {
    const file = [
      'CREATE FUNCTION archive(p_id int) RETURNS void LANGUAGE sql AS $$', // 1
      '  INSERT INTO archive SELECT * FROM items WHERE id = p_id;', //       2
      '  DELETE FROM items WHERE id = p_id;', //                             3
      '$$;', //                                                              4
      "CREATE FUNCTION one() RETURNS int LANGUAGE sql AS 'SELECT ''a''; SELEC 1';", // 5
    ].join('\n');
    const { statements, errors } = await parseSql(file);
    expect(summary(statements[0]!.body!.embedded)).toEqual([
      ['statement', 'sql', 2, 2, 'INSERT INTO archive SELECT * FROM items WHERE id = p_id'],
      ['statement', 'sql', 3, 3, 'DELETE FROM items WHERE id = p_id'],
    ]);
    expect(errors).toEqual([
      expect.objectContaining({
        message: 'syntax error at or near "SELEC"',
        line: 5,
        evidence: expect.objectContaining({ language: 'sql' }),
      }),
    ]);
  });

  it('leaves SQL-standard bodies (BEGIN ATOMIC) to the AST and skips other languages', async () => {
    const { statements, errors } = await parseSql(`
CREATE FUNCTION a(x int) RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT x; END;
CREATE FUNCTION b() RETURNS int LANGUAGE c AS 'lib', 'sym';
CREATE FUNCTION c() RETURNS int LANGUAGE plv8 AS $$ return 1 $$;`);
    expect(errors).toEqual([]);
    expect(statements.map((s) => s.body)).toEqual([undefined, undefined, undefined]);
    expect(statements[0]).toHaveProperty('ast.sql_body');
  });
});

describe('catalog function bodies (pg_proc.prosrc)', () => {
  it('numbers lines as PostgreSQL does: line 1 is the first line of prosrc', async () => {
    const parsed = await parseFunctionBody({
      source: "\nBEGIN\n  NEW.status := 'open';\n  INSERT INTO log VALUES (NEW.id);\n  RETURN NEW;\nEND\n",
      language: 'plpgsql',
      returns: 'trigger',
      name: 'public.on_item',
    });
    expect(parsed.errors).toEqual([]);
    expect(summary(parsed.body!.embedded)).toEqual([
      ['assignment', 'assign', 3, 3, "NEW.status := 'open'"],
      ['statement', 'execsql', 4, 4, 'INSERT INTO log VALUES (NEW.id)'],
    ]);
  });

  it('needs the arguments and return type: NEW is only known in a trigger function', async () => {
    const source = 'BEGIN NEW.x := 1; total := 2; END';
    const trigger = await parseFunctionBody({ source, language: 'plpgsql', returns: 'trigger' });
    expect(trigger.errors).toEqual([expect.objectContaining({ message: '"total" is not a known variable', line: 1 })]);
    const withOut = await parseFunctionBody({
      source: 'BEGIN total := 2; END',
      language: 'plpgsql',
      arguments: 'OUT total integer',
      returns: 'integer',
    });
    expect(withOut.errors).toEqual([]);
    const plain = await parseFunctionBody({ source, language: 'plpgsql', returns: 'integer' });
    expect(plain.errors).toEqual([expect.objectContaining({ message: '"new.x" is not a known variable' })]);
  });

  it('parses SQL-language bodies and ignores other languages', async () => {
    const sql = await parseFunctionBody({ source: 'SELECT 1;\nUPDATE t SET a = $1', language: 'sql', arguments: 'integer' });
    expect(summary(sql.body!.embedded)).toEqual([
      ['statement', 'sql', 1, 1, 'SELECT 1'],
      ['statement', 'sql', 2, 2, 'UPDATE t SET a = $1'],
    ]);
    expect(await parseFunctionBody({ source: 'int4pl', language: 'internal' })).toEqual({ errors: [] });
  });
});
