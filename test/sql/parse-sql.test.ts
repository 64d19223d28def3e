import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { embeddedPosition } from '../../src/sql/embedded-position.js';
import { nodePosition } from '../../src/sql/node-position.js';
import { parseSql } from '../../src/sql/parse-sql.js';
import { scanSql } from '../../src/sql/scan-sql.js';
import type { Statement } from '../../src/sql/statement.js';
import { failureOf, onBothDatabases } from './support/sql-test-clients.js';

const CORPUS = path.resolve(import.meta.dirname, '../../../shared/corpus');

function corpusFiles(): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir)) {
      const full = path.join(dir, entry);
      if (statSync(full).isDirectory()) walk(full);
      else if (entry.endsWith('.sql')) files.push(full);
    }
  };
  if (existsSync(CORPUS)) walk(CORPUS);
  return files.sort();
}

/** Every character outside statements, comments and semicolons, as [offset, character] pairs. */
async function uncovered(text: string, statements: readonly Statement[]): Promise<[number, string][]> {
  const covered = new Uint8Array(text.length);
  for (const statement of statements) covered.fill(1, statement.start, statement.end);
  const scan = await scanSql(text);
  expect(scan.valid).toBe(true);
  for (const token of scan.tokens) if (token.kind === 'comment' || token.text === ';') covered.fill(1, token.start, token.end);
  const out: [number, string][] = [];
  for (let i = 0; i < text.length; i++) if (!covered[i] && !/\s/.test(text[i]!)) out.push([i, text[i]!]);
  return out;
}

describe.skipIf(!existsSync(CORPUS))('parseSql on the real-world corpus', () => {
  const files = corpusFiles();

  it('finds the documenso, umami and chatbot-ui migrations', () => {
    for (const project of ['documenso', 'umami', 'chatbot-ui']) {
      expect(files.filter((file) => file.includes(`${path.sep}${project}${path.sep}`)).length).toBeGreaterThan(10);
    }
  });

  it('parses every file with zero errors, statement slices covering all non-comment text', async () => {
    let statementCount = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const parsed = await parseSql(text, { file });
      expect(parsed.errors, file).toEqual([]);
      expect(await uncovered(text, parsed.statements), file).toEqual([]);
      for (const statement of parsed.statements) {
        expect(statement.text).toBe(text.slice(statement.start, statement.end));
        expect(statement.text).not.toMatch(/(;|\s)$/);
        expect(Buffer.byteLength(text.slice(0, statement.start))).toBe(statement.byteStart);
        const lineText = text.split('\n')[statement.line - 1]!;
        expect(lineText.slice(statement.column - 1)).toBe(text.slice(statement.start).split('\n')[0]);
      }
      statementCount += parsed.statements.length;
    }
    expect(statementCount).toBeGreaterThan(1000);
  });

  it('parses the function bodies of chatbot-ui and finds their embedded SQL', async () => {
    const bodies = { plpgsql: 0, sql: 0 };
    let embedded = 0;
    let placed = 0;
    for (const file of files.filter((f) => f.includes('chatbot-ui'))) {
      const text = readFileSync(file, 'utf8');
      const lines = text.split('\n');
      for (const statement of (await parseSql(text)).statements) {
        if (!statement.body) continue;
        bodies[statement.body.language]++;
        for (const item of statement.body.embedded) {
          embedded++;
          expect(item.line).toBeGreaterThanOrEqual(statement.body.firstLine);
          expect(item.line).toBeLessThanOrEqual(statement.endLine);
          // The line is the PL/pgSQL statement's (PostgreSQL's "line N"); for a plain SQL statement or
          // an assignment that is where its text starts. (RETURN QUERY's SELECT may start below.)
          const at = embeddedPosition(statement.body, item);
          if (at) {
            // Where we place it, the file holds the text (up to a blanked INTO list).
            const found = lines[at.line - 1]!.slice(at.column - 1);
            expect(found.startsWith(item.text.split(/ {2,}|\n/)[0]!), `${file}:${at.line}:${at.column}`).toBe(true);
            if (item.column !== undefined) expect(at).toEqual({ line: item.line, column: item.column });
            placed++;
          }
          if (item.context === 'execsql' || item.context === 'assign') {
            const firstWord = item.kind === 'assignment' ? item.target! : item.text.trim().split(/\s+/)[0]!;
            expect(lines[item.line - 1], `${file}:${item.line}`).toContain(firstWord);
          }
        }
      }
    }
    // The pinned corpus has 20 functions: 17 in PL/pgSQL, 3 in SQL.
    expect(bodies).toEqual({ plpgsql: 17, sql: 3 });
    expect(embedded).toBeGreaterThan(20);
    expect(placed).toBeGreaterThan(embedded * 0.9);
  });
});

describe('statement positions', () => {
  it('gives string offsets, lines and columns after multibyte text', async () => {
    const text = [
      "-- Überprüfung 😀 日本語 'not a string",
      'INSERT INTO "tä" (naïve) VALUES (\'crème brûlée 🍮\');',
      '  /* ünïcode */ ALTER TABLE "tä" ADD COLUMN "ö" text; SELECT 1',
    ].join('\n');
    const { statements, errors } = await parseSql(text);
    expect(errors).toEqual([]);
    expect(statements.map((s) => [s.kind, s.text, s.line, s.column, s.endLine, s.endColumn])).toEqual([
      ['InsertStmt', 'INSERT INTO "tä" (naïve) VALUES (\'crème brûlée 🍮\')', 2, 1, 2, 51],
      ['AlterTableStmt', 'ALTER TABLE "tä" ADD COLUMN "ö" text', 3, 17, 3, 52],
      ['SelectStmt', 'SELECT 1', 3, 55, 3, 62],
    ]);
    for (const statement of statements) {
      expect(text.slice(statement.start, statement.end)).toBe(statement.text);
      expect(statement.byteStart).toBe(Buffer.byteLength(text.slice(0, statement.start)));
    }
    const alter = statements[1]!;
    if (alter.kind !== 'AlterTableStmt') throw new Error('expected ALTER TABLE');
    // A node inside the statement: the table name, after the multibyte comment.
    expect(nodePosition(alter, alter.ast.relation?.location)).toEqual({ offset: text.indexOf('"tä" ADD'), line: 3, column: 29 });
    const column = (alter.ast.cmds![0] as { AlterTableCmd: { def: { ColumnDef: { location: number } } } }).AlterTableCmd.def.ColumnDef;
    expect(nodePosition(alter, column.location)).toMatchObject({ line: 3, column: 45 });
  });

  it('keeps leading comments apart from the statement, with their lines', async () => {
    const text =
      'SELECT 1; -- after one\n\n-- pgpreflight-ignore require-concurrent-index\n/* block /* nested */ */\nCREATE INDEX i ON t (a);\n';
    const { statements } = await parseSql(text);
    expect(statements[1]!.line).toBe(5);
    expect(statements[1]!.leadingComments).toEqual([
      { text: '-- after one', start: 10, line: 1 },
      { text: '-- pgpreflight-ignore require-concurrent-index', start: 24, line: 3 },
      { text: '/* block /* nested */ */', start: 71, line: 4 },
    ]);
  });

  it('ends a statement at its last token: no semicolon, trailing comment or whitespace', async () => {
    const text = "SELECT 1 -- one\n;\nSELECT '--' /* two */ ;\nSELECT 3 -- last, no semicolon\n-- end of file\n";
    const { statements } = await parseSql(text);
    expect(statements.map((s) => s.text)).toEqual(['SELECT 1', "SELECT '--'", 'SELECT 3']);
    expect(statements.map((s) => s.endLine)).toEqual([1, 3, 4]);
  });

  it('handles CRLF line endings', async () => {
    const { statements } = await parseSql('-- first\r\nSELECT 1;\r\n\r\nSELECT\r\n  2;\r\n');
    expect(statements.map((s) => [s.text, s.line, s.column, s.endLine])).toEqual([
      ['SELECT 1', 2, 1, 2],
      ['SELECT\r\n  2', 4, 1, 5],
    ]);
    expect(statements[0]!.leadingComments.map((c) => c.text)).toEqual(['-- first']);
  });

  it('reads a byte-order mark as whitespace and accepts empty and comment-only files', async () => {
    const bom = await parseSql('\uFEFFCREATE TABLE t (a int);');
    expect(bom.errors).toEqual([]);
    expect(bom.statements[0]).toMatchObject({ text: 'CREATE TABLE t (a int)', start: 1, line: 1, column: 2 });
    for (const empty of ['', '   \n', '-- nothing here\n/* at all */', ';;']) {
      expect(await parseSql(empty)).toEqual({ statements: [], errors: [] });
    }
  });
});

describe('syntax errors', () => {
  it("reports the bad statement with PostgreSQL's message, line and column, and keeps the others", async () => {
    const text = [
      'CREATE TABLE "Ünïcode" (id int);', //                     line 1
      "-- a comment with a quote ' and a semicolon ;", //          line 2
      'CREATE TABLE b (id int,, name text);', //                  line 3: error at the second comma
      "CREATE FUNCTION f() RETURNS text LANGUAGE sql AS $$ SELECT 1; SELECT 'a;b' $$;", // line 4
      "INSERT INTO b VALUES (1, E'it\\'s; fine');", //            line 5
      'SELEC 1;', //                                              line 6
      'CREATE TABLE c (id int);', //                              line 7
    ].join('\n');
    const { statements, errors } = await parseSql(text, { file: 'migrations/001.sql' });
    expect(errors).toEqual([
      expect.objectContaining({
        ruleId: 'syntax-error',
        severity: 'error',
        message: 'syntax error at or near ","',
        file: 'migrations/001.sql',
        line: 3,
        column: 24,
      }),
      expect.objectContaining({
        ruleId: 'syntax-error',
        severity: 'error',
        message: 'syntax error at or near "SELEC"',
        file: 'migrations/001.sql',
        line: 6,
        column: 1,
      }),
    ]);
    expect(statements.map((s) => [s.kind, s.line])).toEqual([
      ['CreateStmt', 1],
      ['CreateFunctionStmt', 4],
      ['InsertStmt', 5],
      ['CreateStmt', 7],
    ]);
    // AST offsets of statements parsed piece by piece are file offsets, as in a whole-file parse.
    const last = statements[3]!;
    if (last.kind !== 'CreateStmt') throw new Error('expected CREATE TABLE');
    expect(nodePosition(last, last.ast.relation?.location)).toMatchObject({ line: 7, column: 14 });
    expect(last.byteStart).toBe(Buffer.byteLength(text.slice(0, last.start)));
  });

  it('places an error after multibyte text on the right column', async () => {
    const { errors } = await parseSql("SELECT '日本語😀' FRM t;");
    expect(errors).toEqual([expect.objectContaining({ message: 'syntax error at or near "t"', line: 1, column: 20 })]);
  });

  it('does not split a SQL-standard function body at its inner semicolons', async () => {
    const text = [
      'CREATE TABLE t (a int;',
      'CREATE FUNCTION add_two(x int) RETURNS int LANGUAGE sql',
      'BEGIN ATOMIC',
      '  SELECT x + 1;',
      '  SELECT CASE WHEN x > 0 THEN x + 2 ELSE 0 END;',
      'END;',
      'SELECT 1;',
    ].join('\n');
    const { statements, errors } = await parseSql(text);
    expect(errors).toEqual([expect.objectContaining({ message: 'syntax error at or near ";"', line: 1, column: 22 })]);
    expect(statements.map((s) => [s.kind, s.line, s.endLine])).toEqual([
      ['CreateFunctionStmt', 2, 6],
      ['SelectStmt', 7, 7],
    ]);
  });

  it('reports an unterminated string where it starts and keeps the statements before it', async () => {
    const text = "CREATE TABLE a (id int);\nINSERT INTO a VALUES (1);\nINSERT INTO a VALUES ('oops);\nSELECT 1;\n";
    const { statements, errors } = await parseSql(text);
    expect(statements.map((s) => s.kind)).toEqual(['CreateStmt', 'InsertStmt']);
    expect(errors).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/^unterminated quoted string/), line: 3, column: 23 }),
    ]);
  });

  it('reports a syntax error and a later unterminated comment, once each at most', async () => {
    const text = 'SELECT 1;\nSELECT FROM FROM;\nSELECT 2;\n/* never closed\nSELECT 3;';
    const { statements, errors } = await parseSql(text);
    expect(statements.map((s) => s.text)).toEqual(['SELECT 1']);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ line: 2, column: 13 });
  });
});

onBothDatabases('syntax errors as PostgreSQL reports them', (db) => {
  it('gives the message and column the server gives for the same statement', async () => {
    const bad = ['CREATE TABLE b (id int,, name text);', "SELECT 'é😀' FRM t;", 'ALTER TABLE t ADD COLUMN;', "INSERT INTO t VALUES ('x';"];
    for (const statement of bad) {
      const server = await failureOf(db(), statement);
      const parsed = await parseSql(`SELECT 1;\n${statement}\nSELECT 2;`);
      expect(parsed.statements.map((s) => s.text)).toEqual(['SELECT 1', 'SELECT 2']);
      const ours = parsed.errors;
      expect(ours).toHaveLength(1);
      expect(ours[0]!.message).toBe(server.message);
      expect(ours[0]!.line).toBe(2);
      // The server counts characters; our columns count UTF-16 code units (an emoji is two).
      const prefix = Array.from(statement)
        .slice(0, server.position! - 1)
        .join('');
      expect(ours[0]!.column, statement).toBe(prefix.length + 1);
    }
  });
});

describe('statement kinds', () => {
  it('narrows the AST by kind', async () => {
    const { statements } = await parseSql('ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0) NOT VALID; CREATE INDEX CONCURRENTLY i ON t (a);');
    const kinds: string[] = [];
    for (const statement of statements) {
      if (statement.kind === 'AlterTableStmt') kinds.push(`alter ${statement.ast.relation?.relname}`);
      if (statement.kind === 'IndexStmt') kinds.push(`index ${statement.ast.idxname} concurrent=${statement.ast.concurrent}`);
    }
    expect(kinds).toEqual(['alter t', 'index i concurrent=true']);
  });
});
