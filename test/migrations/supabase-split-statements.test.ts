import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { splitSupabaseScript, splitSupabaseStatements } from '../../src/migrations/supabase/split-supabase-statements.js';

// The Supabase CLI's own parser tests (apps/cli-go/pkg/parser/state_test.go and token_test.go),
// ported case for case: each input is the pieces joined, and Split must give back the pieces.
function checkSplit(pieces: readonly string[]): void {
  expect(splitSupabaseScript(pieces.join(''))).toEqual(pieces);
}

describe('Supabase CLI parser cases: line comments', () => {
  it('after separator', () => checkSplit(['END;', '-- comment']));
  it('before separator', () => checkSplit(['SELECT --; 1']));
  it('not started', () => checkSplit(['- ;', 'END']));
  it('between lines', () => checkSplit(['-- /* \n;', ' */ END']));
});

describe('Supabase CLI parser cases: block comments', () => {
  it('contains separator', () => checkSplit(['SELECT /* ; */ 1;']));
  it('nested block', () => checkSplit(['SELECT /*; /*;*/ ;*/ 1']));
  it('not started', () => checkSplit(['/ * ;', ' */ END']));
});

describe('Supabase CLI parser cases: separators', () => {
  it('no spaces', () => checkSplit([';', 'END;', ';']));
  it('between spaces', () => checkSplit(['BEGIN   ;', '  END']));
  it('backslash escaped', () => checkSplit(['\\;;', '\\;']));
});

describe('Supabase CLI parser cases: dollar quotes', () => {
  it('named tag', () => checkSplit(['$tag$ any ; string$tag$']));
  it('anonymous tag', () => checkSplit(['$$"Dane\'s horse"$$']));
  it('not started', () => checkSplit(['SELECT "$";', ' $$']));
});

describe('Supabase CLI parser cases: single quotes', () => {
  it('escapes separator', () => checkSplit(["SELECT ';' 1"]));
  it('preserves single quote', () => checkSplit(["SELECT ';'';' 1"]));
  it('literal backslash', () => checkSplit(["SELECT '\\';", " 1'"]));
});

describe('Supabase CLI parser cases: double quotes', () => {
  it('escapes separator', () => checkSplit(['CREATE POLICY "cats;dogs" on cats_dogs;', ' END']));
  it('preserves single quote', () => checkSplit(['CREATE POLICY "cat\'s and dog\'s" on cats_dogs;', ' END']));
  it('preserves double quote', () => checkSplit(['CREATE POLICY "pet""name" on pets;', ' END']));
});

describe('Supabase CLI parser cases: parentheses', () => {
  it('preserves parentheses', () =>
    checkSplit(['CREATE RULE notify_me AS ON UPDATE TO mytable DO (NOTIFY mytable; SELECT "1");', 'SELECT 1']));
  it('ignores literals', () => checkSplit(["CREATE RULE notify_me AS ON UPDATE TO mytable DO (-- )\nSELECT ')';\n-- )\n)\n"]));
});

describe('Supabase CLI parser cases: BEGIN ATOMIC', () => {
  it('inline body', () =>
    checkSplit([
      "CREATE FUNCTION add(a integer, b integer) RETURNS integer\nLANGUAGE SQL\nIMMUTABLE STRICT PARALLEL SAFE\nRETURNS NULL ON NULL INPUT\nBEGIN ATOMIC\n\tSELECT 'add';\n\tSELECT a + b;\nEND;",
    ]));
  it('case insensitive', () => checkSplit(["begin atomic; select 'end'; end"]));
  it('ignores literals', () => checkSplit(['CREATE FUNCTION test() BEGIN\nATOMIC-- END;\n-- END;\nEND\n;']));
  for (const name of ['fn_atomic', 'atomic_fn', 'my_atomic_thing', 'xatomicx', 'fn_ATomiC']) {
    it(`ignores atomic in identifier ${name}`, () =>
      checkSplit([`CREATE OR REPLACE FUNCTION ${name}()\nRETURNS void LANGUAGE plpgsql AS $$\nBEGIN\n  NULL;\nEND;\n$$;`, '\nSELECT 1;']));
  }
  it('does not treat schema-qualified atomic function names as begin atomic', () =>
    checkSplit([
      'CREATE OR REPLACE FUNCTION public.atomic_example()\nRETURNS INTEGER\nLANGUAGE plpgsql\nAS $$\nBEGIN\n  RETURN 1;\nEND;\n$$;',
      '\nGRANT EXECUTE ON FUNCTION public.atomic_example() TO authenticated;',
    ]));
});

describe('Supabase CLI parser cases: token_test.go', () => {
  const testdata = path.join(import.meta.dirname, 'supabase-parser-testdata');

  it('TestSplit: all.sql splits into the 18 split_*.sql fixtures and the final newline', () => {
    const fixtures = readdirSync(testdata)
      .filter((file) => file.startsWith('split_'))
      .sort()
      .map((file) => readFileSync(path.join(testdata, file), 'utf8'));
    expect(fixtures).toHaveLength(18);
    expect(splitSupabaseScript(readFileSync(path.join(testdata, 'all.sql')))).toEqual([...fixtures, '\n']);
  });

  it('TestSplitAndTrim: trims separators and whitespace (the CLI sizes its buffer to the file, so long lines pass)', () => {
    const long = 'a'.repeat(256 * 1024);
    expect(splitSupabaseStatements(`\tBEGIN; ${long}`)).toEqual(['BEGIN', long]);
  });
});

// Behaviour of the Go code that is easy to get wrong in a port; each expectation was checked
// against the CLI's parser compiled from source.
describe('CLI quirks the port keeps', () => {
  it('drops empty statements and trailing separators', () => {
    expect(splitSupabaseStatements(' ;;\n select 1 ;;; \n\n')).toEqual(['select 1']);
  });

  it('keeps a byte order mark (Go does not trim it) but trims U+0085 and U+00A0 (Go does)', () => {
    expect(splitSupabaseStatements('\ufeffselect 1;\u0085select 2\u00a0')).toEqual(['\ufeffselect 1', 'select 2']);
  });

  it('keeps comments as part of the statement that follows them', () => {
    expect(splitSupabaseStatements('-- first; not a separator\nselect 1;\n/* a; b */ select 2;')).toEqual([
      '-- first; not a separator\nselect 1',
      '/* a; b */ select 2',
    ]);
  });

  it('ends a dollar-quote tag at a non-ASCII letter, because it reads one byte at a time', () => {
    expect(splitSupabaseStatements('$é$ ; $é$')).toEqual(['$é$', '$é$']);
    expect(splitSupabaseStatements('$ab$ ; $ab$')).toEqual(['$ab$ ; $ab$']);
  });

  it('closes every open parenthesis at the first )', () => {
    expect(splitSupabaseScript('select ((1) ; 2); select 3')).toEqual(['select ((1) ;', ' 2);', ' select 3']);
  });

  it('ends a BEGIN ATOMIC body at END inside a longer word', () => {
    expect(splitSupabaseScript('begin atomic select append; select 2; end')).toEqual(['begin atomic select append;', ' select 2;', ' end']);
  });

  it('does not treat backslash as an escape inside quotes', () => {
    expect(splitSupabaseStatements("select E'it\\'s'; select 2")).toEqual(["select E'it\\'s'; select 2"]);
  });

  it('splits multi-byte text without damaging it', () => {
    expect(splitSupabaseStatements("insert into t values ('añ€😀');select 'Ж'")).toEqual(["insert into t values ('añ€😀')", "select 'Ж'"]);
  });
});
