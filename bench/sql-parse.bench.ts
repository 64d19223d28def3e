import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { BenchRow, BenchSuite } from './bench-row.js';
import { medianMs } from './bench-row.js';
import { ensureParser, parserLoadMilliseconds } from '../src/sql/ensure-parser.js';
import { parseSqlSync } from '../src/sql/parse-sql.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const CORPUS = path.resolve(ROOT, '../shared/corpus');

function corpusFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return corpusFiles(full);
    return entry.endsWith('.sql') ? [full] : [];
  });
}

// What ensureParser() does on first use, in a fresh process (in this one the module may be cached).
const LOAD_SCRIPT = `const t = performance.now(); const m = await import('libpg-query'); await m.loadModule(); console.log(performance.now() - t);`;

/**
 * Issue 3 part 4: the cost of the SQL parser. No target yet; the numbers are printed so later
 * issues can set one (lint of a whole project, check on a large migration).
 */
export const suite: BenchSuite = {
  title: 'SQL parsing (libpg-query WASM)',
  async run(): Promise<readonly BenchRow[]> {
    const loads: number[] = [];
    for (let i = 0; i < 5; i++) {
      const child = spawnSync(process.execPath, ['--input-type=module', '-e', LOAD_SCRIPT], { cwd: ROOT, encoding: 'utf8' });
      if (child.status !== 0) throw new Error(`loading libpg-query failed: ${child.stderr}`);
      loads.push(Number(child.stdout.trim()));
    }
    loads.sort((a, b) => a - b);
    await ensureParser();
    const rows: BenchRow[] = [
      {
        name: 'parser load: import + WASM instantiate (fresh process, median of 5)',
        oursMs: loads[2]!,
        target: 'none yet',
        met: true,
        note: `this process: ${parserLoadMilliseconds()?.toFixed(1) ?? 'already loaded'} ms`,
      },
    ];
    if (!existsSync(CORPUS)) return rows;

    const texts = corpusFiles(CORPUS).map((file) => readFileSync(file, 'utf8'));
    const bytes = texts.reduce((sum, text) => sum + Buffer.byteLength(text), 0);
    let statements = 0;
    let bodies = 0;
    for (const text of texts) {
      const parsed = parseSqlSync(text);
      if (parsed.errors.length) throw new Error('the corpus must parse without errors');
      statements += parsed.statements.length;
      bodies += parsed.statements.filter((s) => s.body).length;
    }
    const all = await medianMs(async () => {
      for (const text of texts) parseSqlSync(text);
    });
    const noBodies = await medianMs(async () => {
      for (const text of texts) parseSqlSync(text, { bodies: false });
    });
    rows.push(
      {
        name: `parse corpus: ${texts.length} files, ${statements} statements, ${Math.round(bytes / 1024)} KB`,
        oursMs: all,
        target: 'none yet',
        met: true,
        note: `${((all / statements) * 1000).toFixed(0)} µs per statement; ${bodies} function/DO bodies parsed too`,
      },
      { name: 'parse corpus without routine bodies', oursMs: noBodies, target: 'none yet', met: true },
    );
    return rows;
  },
};
