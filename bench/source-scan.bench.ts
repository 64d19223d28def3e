import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { scanSource } from '../src/analysis/source/scan-source.js';
import type { BenchRow, BenchSuite } from './bench-row.js';
import { medianMs } from './bench-row.js';

const FILES = 5000;

// A plausible module: imports, a typed function, an ORM call, strings and comments (~3 KB).
function moduleText(i: number): string {
  const lines = [`import { prisma } from '../db';`, `import type { Ledger } from '../types';`, ''];
  for (let f = 0; f < 12; f++) {
    lines.push(
      `/** Handler ${i}.${f}: posts an entry and returns it. */`,
      `export async function handler${i}_${f}(input: { note: string; amount: number }): Promise<Ledger> {`,
      `  const kind = input.amount < 0 ? 'refund' : 'sale';`,
      `  return prisma.ledger.create({ data: { kind, note: \`\${input.note} #${f}\`, amount: input.amount } });`,
      `}`,
      '',
    );
  }
  // One file in a hundred still writes the removed value.
  if (i % 100 === 0) lines.push(`export const legacy = () => prisma.ledger.create({ data: { kind: 'member_program_item_schedule' } });`);
  return lines.join('\n');
}

/** Issue 5: scanning a 5,000-file repository for removed values and dropped names adds < 1 s. */
export const suite: BenchSuite = {
  title: `application source scan (${FILES.toLocaleString('en')} files)`,
  async run(): Promise<readonly BenchRow[]> {
    const root = mkdtempSync(path.join(os.tmpdir(), 'pgpreflight-bench-source-'));
    try {
      for (let i = 0; i < FILES; i++) {
        const dir = path.join(root, 'src', `feature${i % 50}`);
        mkdirSync(dir, { recursive: true });
        writeFileSync(path.join(dir, `module${i}.ts`), moduleText(i));
      }
      const needles = [
        { kind: 'value', text: 'member_program_item_schedule', migration: 'm', why: 'removed' },
        { kind: 'name', text: 'legacy_code', migration: 'm', why: 'dropped' },
        { kind: 'name', text: 'amount', migration: 'm', why: 'renamed' },
      ] as const;
      let hits = 0;
      let counted = 0;
      const ms = await medianMs(async () => {
        const scan = await scanSource({ root }, needles);
        hits = scan.hits.length;
        counted = scan.more.reduce((n, m) => n + m.files, 0);
      }, 5);
      return [
        {
          name: `scan ${FILES} files, 3 needles, one in every file (${hits} listed, ${counted} more counted)`,
          oursMs: ms,
          target: '< 1000 ms',
          met: ms < 1000,
        },
      ];
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  },
};
