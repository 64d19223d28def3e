import { execFileSync, spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BenchRow, BenchSuite } from './bench-row.js';

const MB = Number(process.env.PGPREFLIGHT_BENCH_LOG_MB ?? 1024);
const GOAL_MB_PER_S = 100;
const CLI_MAIN = path.resolve(import.meta.dirname, '../dist/cli/main.js');

type Format = 'csvlog' | 'jsonlog' | 'stderr';

/**
 * Issue 10: a large server log read once (`watch --since`), streamed in bounded memory, at ≥ 100
 * MB/s of log. The file is what a busy server writes: connections, statement durations with
 * multi-line queries, checkpoints, and about one entry in a hundred an ERROR with its DETAIL,
 * CONTEXT and STATEMENT. The anchor is the raw read of the same file, `wc -l` (and, in the note,
 * `grep -c ERROR`, which skips through the file as our needle search does).
 */
export const suite: BenchSuite = {
  title: `watch: a ${MB} MB server log read once`,
  async run(): Promise<readonly BenchRow[]> {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pgpreflight-bench-watch-'));
    try {
      const rows: BenchRow[] = [];
      // csvlog at full size; the other formats at a quarter (same code path, different records).
      for (const [format, size] of [
        ['csvlog', MB],
        ['jsonlog', Math.max(1, Math.round(MB / 4))],
        ['stderr', Math.max(1, Math.round(MB / 4))],
      ] as const) {
        const file = path.join(dir, `postgresql.${format === 'csvlog' ? 'csv' : format === 'jsonlog' ? 'json' : 'log'}`);
        const errors = await writeLog(file, format, size * 1024 * 1024);
        const bytes = statSync(file).size;
        const ours = runWatch(file);
        if (ours.events !== errors) throw new Error(`${format}: watch found ${ours.events} errors, the file holds ${errors}`);
        const grep = timed('grep', ['-c', 'ERROR', file]);
        const wc = timed('wc', ['-l', file]);
        const rate = (ms: number): number => bytes / 1024 / 1024 / (ms / 1000);
        rows.push({
          name: `${format} ${Math.round(bytes / 1024 / 1024)} MB, ${errors.toLocaleString('en')} errors: watch --since`,
          oursMs: ours.ms,
          anchor: 'wc -l (raw read)',
          anchorMs: wc,
          target: `≥ ${GOAL_MB_PER_S} MB/s`,
          met: rate(ours.ms) >= GOAL_MB_PER_S,
          note: `${Math.round(rate(ours.ms))} MB/s as a whole process (reading alone ${Math.round(rate(ours.readMs))} MB/s), peak RSS ${ours.rssMb} MB (wc -l ${Math.round(rate(wc))} MB/s; grep -c ERROR ${Math.round(grep)} ms = ${Math.round(rate(grep))} MB/s)`,
        });
      }
      return rows;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

/** The CLI in a fresh process (as a user runs it), reporting its own peak RSS when done. */
function runWatch(file: string): { ms: number; readMs: number; rssMb: number; events: number } {
  const script = `
    const { runCli } = await import(${JSON.stringify(CLI_MAIN)});
    let out = '';
    const code = await runCli(['watch', '--log', ${JSON.stringify(file)}, '--since', '100000d', '--format', 'json'], {
      stdout: (t) => (out += t), stderr: () => {}, stdoutIsTTY: false, stderrIsTTY: false, env: process.env, cwd: process.cwd(),
    });
    const json = JSON.parse(out);
    process.stdout.write(JSON.stringify({ code, events: json.sources[0].events, readMs: json.timings.read, rss: process.resourceUsage().maxRSS }));`;
  const start = performance.now();
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const ms = performance.now() - start;
  if (child.status !== 0) throw new Error(`watch failed: ${child.stderr}`);
  const result = JSON.parse(child.stdout) as { events: number; readMs: number; rss: number };
  return { ms, readMs: result.readMs, rssMb: Math.round(result.rss / 1024), events: result.events };
}

function timed(command: string, args: string[]): number {
  const start = performance.now();
  // Output to a pipe: GNU grep stops at the first match when it sees its output is /dev/null.
  execFileSync(command, args, { stdio: ['ignore', 'pipe', 'ignore'] });
  return performance.now() - start;
}

async function writeLog(file: string, format: Format, bytes: number): Promise<number> {
  const out = createWriteStream(file);
  const start = Date.parse('2025-11-04T09:00:00Z');
  let written = 0;
  let errors = 0;
  let batch: string[] = [];
  for (let i = 0; written < bytes; i++) {
    const entry = logEntry(format, i, start + i * 7);
    if (entry.error) errors++;
    batch.push(entry.text);
    written += Buffer.byteLength(entry.text);
    if (batch.length === 2000) {
      if (!out.write(batch.join(''))) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      batch = [];
    }
  }
  out.end(batch.join(''));
  await new Promise<void>((resolve) => out.once('finish', () => resolve()));
  return errors;
}

interface Entry {
  readonly severity: 'LOG' | 'ERROR';
  readonly sqlState: string;
  readonly message: string;
  readonly detail?: string;
  readonly context?: string;
  readonly statement?: string;
}

// A busy server's mix, modelled on what PostgreSQL 15 writes (see test/watch for real logs).
function entryAt(i: number): Entry {
  const id = 1000 + (i % 9000);
  switch (i % 100) {
    case 0:
      return {
        severity: 'ERROR',
        sqlState: '23514',
        message: 'new row for relation "inventory_transactions" violates check constraint "inventory_transactions_reference_type_check"',
        detail: `Failing row contains (${i}, ${id}, member_program_item_schedule, -1, 2025-11-04 09:00:00+00).`,
        context: `SQL statement "INSERT INTO inventory_transactions (item_id, reference_type, quantity)\nVALUES (NEW.item_id, 'member_program_item_schedule', -1)"\nPL/pgSQL function record_schedule_consumption() line 4 at SQL statement`,
        statement: `UPDATE "member_program_item_schedule"\n   SET "completed" = $1\n WHERE "id" = $2`,
      };
    case 50:
      return {
        severity: 'ERROR',
        sqlState: '23505',
        message: 'duplicate key value violates unique constraint "users_email_key"',
        detail: `Key (email)=(user${id}@example.com) already exists.`,
        statement: 'INSERT INTO "users" ("email", "name") VALUES ($1, $2) RETURNING "id"',
      };
    case 10:
    case 60:
      return {
        severity: 'LOG',
        sqlState: '00000',
        message: `connection received: host=10.0.${i % 255}.${id % 255} port=${40000 + (i % 20000)}`,
      };
    case 11:
    case 61:
      return { severity: 'LOG', sqlState: '00000', message: 'connection authorized: user=app database=shop application_name=api' };
    case 99:
      return {
        severity: 'LOG',
        sqlState: '00000',
        message: `checkpoint complete: wrote ${id} buffers (${(id / 100).toFixed(1)}%); 0 WAL file(s) added, 0 removed, 1 recycled`,
      };
    default:
      return {
        severity: 'LOG',
        sqlState: '00000',
        message: `duration: ${(i % 997) / 10} ms  execute <unnamed>: SELECT "Order"."id", "Order"."status", "Order"."total"\nFROM "public"."Order"\nWHERE ("Order"."practiceId" = $1 AND "Order"."status" = $2)\nORDER BY "Order"."createdAt" DESC LIMIT $3 OFFSET $4`,
      };
  }
}

function logEntry(format: Format, i: number, at: number): { text: string; error: boolean } {
  const e = entryAt(i);
  const time = new Date(at).toISOString().replace('T', ' ').replace('Z', ' UTC');
  const pid = 20000 + (i % 400);
  if (format === 'csvlog') {
    const q = (value: string | undefined): string => (value === undefined ? '' : `"${value.replace(/"/g, '""')}"`);
    const fields = [
      time,
      q('app'),
      q('shop'),
      pid,
      q(`10.0.0.${pid % 255}:${40000 + (i % 20000)}`),
      `6b0fbce1.${pid.toString(16)}`,
      i % 500,
      q(e.severity === 'ERROR' ? 'UPDATE' : 'SELECT'),
      time,
      `3/${i}`,
      0,
      e.severity,
      e.sqlState,
      q(e.message),
      q(e.detail),
      '',
      '',
      '',
      q(e.context),
      q(e.statement),
      '',
      '',
      q('api'),
      q('client backend'),
      '',
      '0',
    ];
    return { text: `${fields.join(',')}\n`, error: e.severity === 'ERROR' };
  }
  if (format === 'jsonlog') {
    const entry = {
      timestamp: time,
      user: 'app',
      dbname: 'shop',
      pid,
      remote_host: '10.0.0.1',
      remote_port: 40000 + (i % 20000),
      session_id: `6b0fbce1.${pid.toString(16)}`,
      line_num: i % 500,
      ps: 'SELECT',
      session_start: time,
      vxid: `3/${i}`,
      txid: 0,
      error_severity: e.severity,
      ...(e.severity === 'ERROR' ? { state_code: e.sqlState } : {}),
      message: e.message,
      ...(e.detail ? { detail: e.detail } : {}),
      ...(e.context ? { context: e.context } : {}),
      ...(e.statement ? { statement: e.statement } : {}),
      application_name: 'api',
      backend_type: 'client backend',
      query_id: 0,
    };
    return { text: `${JSON.stringify(entry)}\n`, error: e.severity === 'ERROR' };
  }
  const prefix = `${time} [${pid}] `;
  const part = (label: string, text: string | undefined): string =>
    text === undefined ? '' : `${prefix}${label}:  ${text.replace(/\n/g, '\n\t')}\n`;
  return {
    text: part(e.severity, e.message) + part('DETAIL', e.detail) + part('CONTEXT', e.context) + part('STATEMENT', e.statement),
    error: e.severity === 'ERROR',
  };
}
