import { readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BenchRow, BenchSuite } from './bench-row.js';

// Every bench/*.bench.ts exports `suite`; `npm run bench -- catalog` runs the suites whose file
// name contains "catalog".
const filter = process.argv[2];
const dir = import.meta.dirname;
const files = readdirSync(dir)
  .filter((file) => file.endsWith('.bench.ts') && (!filter || file.includes(filter)))
  .sort();

const rows: { suite: string; row: BenchRow }[] = [];
for (const file of files) {
  const module = (await import(pathToFileURL(path.join(dir, file)).href)) as { suite: BenchSuite };
  process.stderr.write(`running ${module.suite.title}…\n`);
  try {
    for (const row of await module.suite.run()) rows.push({ suite: module.suite.title, row });
  } catch (error) {
    process.stderr.write(`  ${module.suite.title} failed: ${(error as Error).message}\n`);
  }
}

const fmt = (ms: number | undefined): string => (ms === undefined ? '' : ms >= 100 ? `${Math.round(ms)} ms` : `${ms.toFixed(1)} ms`);
const table = [
  ['benchmark', 'ours', 'anchor', 'anchor time', 'ratio', 'target', 'met'],
  ...rows.map(({ row }) => [
    row.name,
    fmt(row.oursMs),
    row.anchor ?? '',
    fmt(row.anchorMs),
    row.anchorMs ? `${(row.oursMs / row.anchorMs).toFixed(2)}×` : '',
    row.target,
    row.met ? 'yes' : 'NO',
  ]),
];
const widths = table[0]!.map((_, col) => Math.max(...table.map((line) => line[col]!.length)));
const render = (line: string[]): string =>
  line
    .map((cell, col) => cell.padEnd(widths[col]!))
    .join('  ')
    .trimEnd();
console.log(render(table[0]!));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const line of table.slice(1)) console.log(render(line));
const notes = rows.filter(({ row }) => row.note);
if (notes.length) {
  console.log('');
  for (const { row } of notes) console.log(`${row.name}: ${row.note}`);
}
