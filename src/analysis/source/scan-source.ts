import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { glob } from 'tinyglobby';
import { forEachSourceToken } from './source-tokens.js';

/** What to look for: values a migration stops accepting, and names it drops or renames. */
export interface SourceNeedle {
  readonly kind: 'value' | 'name';
  readonly text: string;
  /** Which migration, for the finding. */
  readonly migration: string;
  /** One clause saying why it matters: "removed from CHECK x on t.c". */
  readonly why: string;
}

export interface SourceHit {
  readonly needle: SourceNeedle;
  /** Relative to the project root, with forward slashes. */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** The line's text, trimmed and cut to 200 characters. */
  readonly text: string;
}

export interface SourceScan {
  readonly hits: readonly SourceHit[];
  /** How many files were scanned. */
  readonly files: number;
  /** Needles found in more places than are listed: how many further files contain the text. */
  readonly more: readonly { readonly needle: SourceNeedle; readonly files: number }[];
}

// Places listed per needle; the rest are counted.
const MAX_LISTED = 20;

export interface SourceScanOptions {
  readonly root: string;
  /** Globs relative to the root; default: src/, app/, lib/, server/ in the languages below. */
  readonly include?: readonly string[];
  readonly exclude?: readonly string[];
  /** The migrations folder: its SQL is what is being checked, not application code. */
  readonly migrationsDir?: string;
}

const LANGUAGES = '{ts,tsx,js,jsx,mjs,cjs,mts,cts,sql,py,rb,go}';
const DEFAULT_INCLUDE = ['src', 'app', 'lib', 'server'].map((dir) => `${dir}/**/*.${LANGUAGES}`);
const ALWAYS_EXCLUDED = ['**/node_modules/**', '**/dist/**', '**/build/**', '**/.next/**', '**/out/**', '**/coverage/**', '**/.git/**'];

/**
 * Finds the application code that still writes a removed value or names a dropped column: each
 * file is read once and tokenized only when it contains one of the needles as plain text, so a
 * repository of thousands of files costs about the time to read them.
 */
export async function scanSource(options: SourceScanOptions, needles: readonly SourceNeedle[]): Promise<SourceScan> {
  if (needles.length === 0) return { hits: [], files: 0, more: [] };
  const migrations = options.migrationsDir ? path.relative(options.root, options.migrationsDir).split(path.sep).join('/') : undefined;
  const files = await glob([...(options.include ?? DEFAULT_INCLUDE)], {
    cwd: options.root,
    ignore: [...ALWAYS_EXCLUDED, ...(options.exclude ?? []), ...(migrations && !migrations.startsWith('..') ? [`${migrations}/**`] : [])],
    onlyFiles: true,
    dot: false,
  });
  const hits: SourceHit[] = [];
  const listed = new Map<SourceNeedle, number>(needles.map((n) => [n, 0]));
  const unlisted = new Map<SourceNeedle, number>(needles.map((n) => [n, 0]));
  // Read in parallel batches: the disk, not the tokenizer, is the cost.
  const BATCH = 64;
  for (let i = 0; i < files.length; i += BATCH) {
    const batch = files.slice(i, i + BATCH);
    const contents = await Promise.all(batch.map((file) => readFile(path.join(options.root, file), 'utf8').catch(() => '')));
    batch.forEach((file, j) => {
      const text = contents[j]!;
      const present = needles.filter((n) => text.includes(n.text));
      if (present.length === 0) return;
      // Past MAX_LISTED places a needle is only counted (files whose text contains it): a word used
      // everywhere would otherwise bury the findings that matter, and cost a tokenizer pass per file.
      const open = present.filter((n) => listed.get(n)! < MAX_LISTED);
      for (const needle of present) if (!open.includes(needle)) unlisted.set(needle, unlisted.get(needle)! + 1);
      if (open.length === 0) return;
      for (const hit of hitsIn(file, text, open)) {
        const n = listed.get(hit.needle)!;
        if (n < MAX_LISTED) {
          listed.set(hit.needle, n + 1);
          hits.push(hit);
        }
      }
    });
  }
  const more = needles.filter((n) => unlisted.get(n)! > 0).map((needle) => ({ needle, files: unlisted.get(needle)! }));
  return { hits, files: files.length, more };
}

function hitsIn(file: string, text: string, needles: readonly SourceNeedle[]): SourceHit[] {
  const hits: SourceHit[] = [];
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const at = (index: number): { line: number; column: number; text: string } => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= index) lo = mid;
      else hi = mid - 1;
    }
    const start = lineStarts[lo]!;
    const end = text.indexOf('\n', start);
    return {
      line: lo + 1,
      column: index - start + 1,
      text: text
        .slice(start, end === -1 ? undefined : end)
        .trim()
        .slice(0, 200),
    };
  };
  const seen = new Set<string>();
  const values = new Map<string, SourceNeedle[]>();
  const names = new Map<string, SourceNeedle[]>();
  for (const needle of needles) {
    const map = needle.kind === 'value' ? values : names;
    map.set(needle.text, [...(map.get(needle.text) ?? []), needle]);
  }
  // A name inside a string is raw SQL or an ORM field path: matched as a whole word.
  const inStrings = needles.filter((n) => n.kind === 'name').map((needle) => ({ needle, word: wordPattern(needle.text) }));
  const add = (needle: SourceNeedle, index: number): void => {
    const where = at(index);
    const key = `${needle.kind}|${needle.text}|${where.line}`;
    if (seen.has(key)) return;
    seen.add(key);
    hits.push({ needle, file, ...where });
  };
  forEachSourceToken(file, text, (kind, value, index) => {
    if (kind === 'name') {
      const found = names.get(value);
      if (found) for (const needle of found) add(needle, index);
      return;
    }
    const found = values.get(value);
    if (found) for (const needle of found) add(needle, index);
    for (const { needle, word } of inStrings) {
      if (value !== needle.text && value.includes(needle.text) && word.test(value)) add(needle, index);
    }
  });
  return hits;
}

function wordPattern(text: string): RegExp {
  return new RegExp(`\\b${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`);
}
