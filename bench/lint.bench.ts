import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BenchRow, BenchSuite } from './bench-row.js';
import { medianMs } from './bench-row.js';

const CORPUS = path.resolve(import.meta.dirname, '../../shared/corpus');
const BIN = path.resolve(import.meta.dirname, '../bin/pgpreflight.js');
const SQUAWK = path.resolve(import.meta.dirname, '../node_modules/.bin/squawk');
const COUNT = 820;

function sqlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    return statSync(full).isDirectory() ? sqlFiles(full) : entry.endsWith('.sql') ? [full] : [];
  });
}

/**
 * Issue 6: a cold `pgpreflight lint` over an 820-file history against squawk (native Rust, through
 * its npm package) on the same files; and the noise on the corpus — findings per migration by
 * severity, ours beside squawk's — with the goal of ≤ 0.1 error-level findings per migration.
 */
export const suite: BenchSuite = {
  title: 'lint (corpus)',
  async run(): Promise<readonly BenchRow[]> {
    if (!existsSync(CORPUS)) return [];
    const corpus = sqlFiles(CORPUS).sort();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pgpreflight-bench-lint-'));
    try {
      const files: string[] = [];
      for (let i = 0; i < COUNT; i++) {
        const file = path.join(dir, `${String(i).padStart(4, '0')}.sql`);
        copyFileSync(corpus[i % corpus.length]!, file);
        files.push(path.basename(file));
      }
      const cacheDir = path.join(dir, '.cache');
      const env = { ...process.env, PGPREFLIGHT_CACHE_DIR: cacheDir };
      const run = (cmd: string, args: string[], cwd: string): ReturnType<typeof spawnSync> =>
        spawnSync(cmd, args, { cwd, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
      // First run of a history: every file parsed. Then the same files again: the lint cache answers.
      const cold = await medianMs(async () => {
        rmSync(cacheDir, { recursive: true, force: true });
        run(process.execPath, [BIN, 'lint', ...files, '--quiet'], dir);
      }, 3);
      const ours = await medianMs(async () => run(process.execPath, [BIN, 'lint', ...files, '--quiet'], dir), 5);
      const hasSquawk = existsSync(SQUAWK);
      const squawk = hasSquawk ? await medianMs(async () => run(SQUAWK, files, dir), 5) : undefined;

      // Noise: each corpus file once, ours and squawk's findings by severity.
      const oursJson = JSON.parse(String(run(process.execPath, [BIN, 'lint', ...corpus, '--format', 'json'], dir).stdout)) as {
        summary: { errors: number; warnings: number; infos: number };
      };
      const per = (n: number): string => (n / corpus.length).toFixed(2);
      const s = oursJson.summary;
      let squawkNote = 'squawk not installed (npm install --no-save squawk-cli)';
      if (hasSquawk) {
        const squawkJson = JSON.parse(String(run(SQUAWK, ['--reporter', 'json', ...corpus], dir).stdout) || '[]') as { level: string }[];
        const errors = squawkJson.filter((v) => v.level === 'Error').length;
        const warnings = squawkJson.filter((v) => v.level === 'Warning').length;
        squawkNote = `squawk ${per(errors)} errors + ${per(warnings)} warnings per migration`;
      }
      return [
        {
          name: `lint ${COUNT} files, cold process, first run (no cache)`,
          oursMs: cold,
          ...(squawk !== undefined ? { anchor: 'squawk (npm package)', anchorMs: squawk } : {}),
          target: '≤ 1× anchor',
          met: squawk !== undefined && cold <= squawk,
        },
        {
          name: `lint ${COUNT} files, cold process, lint cache warm`,
          oursMs: ours,
          ...(squawk !== undefined ? { anchor: 'squawk (npm package)', anchorMs: squawk } : {}),
          target: '≤ 1× anchor',
          met: squawk !== undefined && ours <= squawk,
        },
        {
          name: `noise: error-level findings per migration (${corpus.length} corpus files)`,
          oursMs: 0,
          target: '≤ 0.1 per migration',
          met: s.errors / corpus.length <= 0.1,
          note: `ours ${per(s.errors)} errors + ${per(s.warnings)} warnings + ${per(s.infos)} info per migration; ${squawkNote}`,
        },
      ];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
