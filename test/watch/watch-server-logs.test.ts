import { createServer, type Server } from 'node:http';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NeedleScanner, type RecordFormat } from '../../src/analysis/watch/needle-scanner.js';
import { csvlogFormat } from '../../src/analysis/watch/parse-csvlog.js';
import { jsonlogFormat } from '../../src/analysis/watch/parse-jsonlog.js';
import { stderrLogFormat } from '../../src/analysis/watch/parse-stderr-log.js';
import { connectTarget } from '../../src/db/connect-target.js';
import { parseTargetUrl } from '../../src/db/target-url.js';
import { prismaChecksum } from '../../src/migrations/prisma/prisma-checksum.js';
import { prismaProject, type FixtureProject } from '../support/fixture-project.js';
import { startLoggingServer, type LoggingServer } from '../support/logging-server.js';
import { PRISMA_MIGRATIONS_DDL, prismaApplied } from '../support/prisma-history.js';
import { runCliProcess } from '../support/run-cli.js';
import { watch } from '../../src/commands/watch/watch.js';
import type { WatchAlert } from '../../src/core/watch-records.js';
import type { WatchProgress } from '../../src/report/watch-result.js';
import {
  CHECK,
  completeSchedule,
  DEPLOYED_ID,
  DUPLICATE_SKU,
  INIT,
  INIT_ID,
  OLD_COLUMN,
  ORPHAN_COUNT,
  ORPHAN_TRANSACTION,
  PHYSICAL_COUNT,
  SEED,
} from './watch-scenario.js';

interface Group {
  key: string;
  sqlState: string;
  eventClass: string;
  constraint?: string;
  table?: string;
  column?: string;
  count: number;
  baseline: { count: number } | null;
  causedByDeploy: { migration: string; object: string } | null;
  samples: { message: string; detail?: string; context?: string }[];
}

// The failures the follow test makes after the rotation: many times any baseline the earlier tests leave.
const BURST = 300;

const group = (json: { groups: Group[] }, sqlState: string, object: string): Group | undefined =>
  json.groups.find((g) => g.sqlState === sqlState && (g.constraint === object || g.column === object || g.table === object));

// Real logs from a real server: the incident's deploy, then what the application hits.
describe('watch over real PostgreSQL logs (csvlog, jsonlog, stderr)', () => {
  let logging: LoggingServer | undefined;
  let project: FixtureProject;
  let appUrl: string;
  // Errors the server logged in the app database before and after the deploy, and one elsewhere.
  const errorsLogged = 11;

  beforeAll(async () => {
    logging = await startLoggingServer();
    if (!logging) return;
    project = prismaProject({ [INIT_ID]: INIT, [DEPLOYED_ID]: PHYSICAL_COUNT });
    await logging.run('CREATE DATABASE app');
    appUrl = logging.url('app');
    const target = await connectTarget(parseTargetUrl(appUrl));
    try {
      await target.client.exec(`${PRISMA_MIGRATIONS_DDL}\n${INIT}\n${SEED}\nCREATE EXTENSION pg_stat_statements;`);
      await prismaApplied(target.client, INIT_ID, prismaChecksum(INIT));
      // init shipped long ago; what follows in the log before physical_count is the baseline.
      await target.client.exec(
        "UPDATE _prisma_migrations SET started_at = now() - interval '30 days', finished_at = now() - interval '30 days'",
      );
      expect(await logging.run(DUPLICATE_SKU, 'app')).toBe('23505');
      expect(await logging.run(DUPLICATE_SKU, 'app')).toBe('23505');
      await new Promise((resolve) => setTimeout(resolve, 20));
      await target.client.exec(PHYSICAL_COUNT);
      await prismaApplied(target.client, DEPLOYED_ID, prismaChecksum(PHYSICAL_COUNT));
    } finally {
      await target.client.close();
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
    for (const id of [1, 2, 3]) expect(await logging.run(completeSchedule(id), 'app')).toBe('23514');
    expect(await logging.run(DUPLICATE_SKU, 'app')).toBe('23505');
    expect(await logging.run(ORPHAN_COUNT, 'app')).toBe('23503');
    expect(await logging.run(ORPHAN_TRANSACTION, 'app')).toBe('23503');
    expect(await logging.run(OLD_COLUMN, 'app')).toBe('42703');
    expect(await logging.run('SET statement_timeout = 1; SELECT pg_sleep(0.2)', 'app')).toBe('57014');
    // Another database on the same server: not the target's business.
    expect(await logging.run("SELECT 'x'::int")).toBe('22P02');
    await logging.waitForErrors(errorsLogged);
  }, 120_000);

  afterAll(() => {
    project?.remove();
    logging?.stop();
  });

  const skipWithout = (context: { skip: () => void }): boolean => {
    if (logging) return false;
    console.log('⚠ cannot start a private PostgreSQL here (needs root and /usr/lib/postgresql/15): watch server-log tests skipped');
    context.skip();
    return true;
  };

  for (const [format, extension] of [
    ['csvlog', '.csv'],
    ['jsonlog', '.json'],
    ['stderr', '.log'],
  ] as const) {
    it(`${format}: classifies each error by SQLSTATE and object, attributes it to the deploy, splits off the baseline`, async (context) => {
      if (skipWithout(context)) return;
      const file = logging!.files(extension)[0]!;
      const run = await runCliProcess(['watch', '--url', appUrl, '--log', file, '--since', '--format', 'json'], { cwd: project.root });
      expect(run.code, run.stderr).toBe(1);
      const json = JSON.parse(run.stdout);
      expect(json.mode).toBe('once');
      expect(json.deploy).toMatchObject({ basis: 'history', migrations: [{ id: DEPLOYED_ID }] });
      expect(json.window.fromBasis).toBe('deploy');
      expect(json.sources[0]).toMatchObject({ kind: 'server-log', format });

      const check = group(json, '23514', CHECK)!;
      expect(check).toMatchObject({ count: 3, table: 'inventory_transactions', baseline: { count: 0 } });
      expect(check.causedByDeploy).toMatchObject({ migration: DEPLOYED_ID, object: `constraint ${CHECK}` });
      expect(check.samples[0]!.context).toContain('record_schedule_consumption()');
      // Row values are personal data: hidden unless --show-values.
      expect(check.samples[0]!.detail).toBe('Failing row contains (…).');

      const duplicate = group(json, '23505', 'items_sku_key')!;
      expect(duplicate).toMatchObject({ count: 1, table: 'items', baseline: { count: 2 }, causedByDeploy: null });
      expect(group(json, '23503', 'physical_counts_item_id_fkey')?.causedByDeploy).toMatchObject({ object: 'table physical_counts' });
      expect(group(json, '23503', 'inventory_transactions_item_id_fkey')).toMatchObject({ count: 1, causedByDeploy: null });
      expect(group(json, '42703', 'notes')?.causedByDeploy).toMatchObject({ object: 'column member_program_item_schedule.note' });
      expect(json.groups.find((g: Group) => g.sqlState === '57014')).toMatchObject({ eventClass: 'lock', count: 1, causedByDeploy: null });
      if (format === 'stderr') {
        // stderr lines do not say which database: the other database's error is there too.
        expect(json.groups.some((g: Group) => g.sqlState === '22P02')).toBe(true);
      } else {
        expect(json.sources[0].otherDatabases).toBe(1);
        expect(json.groups.some((g: Group) => g.sqlState === '22P02')).toBe(false);
      }

      expect(json.alerts).toEqual(
        expect.arrayContaining([expect.objectContaining({ kind: 'caused-by-deploy', constraint: CHECK, migration: DEPLOYED_ID })]),
      );
      expect(json.next.rollback).toEqual([`pgpreflight rollback ${DEPLOYED_ID}`]);
      expect(json.next.incident).toBe(`pgpreflight incident --migration ${DEPLOYED_ID}`);
    });
  }

  it('text: the summary line, the rollback and incident commands; --show-values shows the row', async (context) => {
    if (skipWithout(context)) return;
    const run = await runCliProcess(['watch', '--url', appUrl, '--log', logging!.logDir, '--since', '--show-values'], {
      cwd: project.root,
    });
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toMatch(new RegExp(`23514 on ${CHECK}, changed by ${DEPLOYED_ID}, 3 events in \\d+ s`));
    expect(run.stdout).toContain(`pgpreflight rollback ${DEPLOYED_ID}`);
    expect(run.stdout).toContain(`pgpreflight incident --migration ${DEPLOYED_ID}`);
    expect(run.stdout).toContain('member_program_item_schedule, -1');
    expect(run.stdout).toContain('ALERT');
  });

  it('the alert runs the onAlert command with the alert as JSON; a failing webhook is a warning and the watch goes on', async (context) => {
    if (skipWithout(context)) return;
    const received: string[] = [];
    const server: Server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        received.push(`${request.url} ${body}`);
        response.statusCode = request.url?.includes('broken') ? 500 : 204;
        response.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      const hookDir = mkdtempSync(path.join(project.root, 'hooks-'));
      project.write(
        'pgpreflight.config.json',
        JSON.stringify({ watch: { onAlert: `cat > "$(mktemp -p '${hookDir}')"`, thresholds: { integrityPerHour: 0 } } }),
      );
      const command = await runCliProcess(['watch', '--url', appUrl, '--log', logging!.files('.csv')[0]!, '--since'], {
        cwd: project.root,
      });
      expect(command.code, command.stderr).toBe(1);
      const bodies = readdirSync(hookDir).map((file) => JSON.parse(readFileSync(path.join(hookDir, file), 'utf8')));
      // One call per alert: the CHECK, the new table's foreign key, the renamed column.
      expect(bodies).toHaveLength(3);
      expect(bodies).toContainEqual(
        expect.objectContaining({
          tool: 'pgpreflight',
          event: 'watch-alert',
          alert: expect.objectContaining({ kind: 'caused-by-deploy', constraint: CHECK }),
        }),
      );

      const token = 'T0kenInThePath9x';
      for (const [name, expectWarning] of [
        ['ok', false],
        ['broken', true],
      ] as const) {
        const webhook = `http://127.0.0.1:${port}/hooks/${name}/${token}`;
        project.write('pgpreflight.config.json', JSON.stringify({ watch: { onAlert: { webhook } } }));
        const run = await runCliProcess(['watch', '--url', appUrl, '--log', logging!.files('.json')[0]!, '--since', '--format', 'json'], {
          cwd: project.root,
        });
        expect(run.code, run.stderr).toBe(1);
        expect(run.stdout + run.stderr).not.toContain(token);
        const json = JSON.parse(run.stdout);
        expect(json.hooks.length).toBeGreaterThan(0);
        expect(json.findings.some((f: { ruleId: string }) => f.ruleId === 'watch-hook-failed')).toBe(expectWarning);
        expect(received.filter((line) => line.includes(`/hooks/${name}/`)).length).toBe(json.alerts.length);
      }
      expect(JSON.parse(received[0]!.split(' ').slice(1).join(' '))).toMatchObject({ alert: { kind: 'caused-by-deploy' } });
    } finally {
      project.write('pgpreflight.config.json', '{}');
      server.close();
    }
  });

  it('follows the log folder across a rotation and polls the statistics: rollbacks rise, an alert fires', async (context) => {
    if (skipWithout(context)) return;
    // Deterministic by construction, not by waiting: the watch is ended by the test once it has
    // seen everything (not by a timer racing the server), and the burst of failures is large
    // enough to stand out of any baseline. The baseline is xact_rollback over the server's life,
    // which here is the earlier tests' rollbacks over however long they took: 30 failures against it
    // alerted or not depending on that speed. And PostgreSQL 15 backends flush their counters at
    // most once a second (PGSTAT_MIN_INTERVAL) and at exit, so a reading may not show them yet:
    // the test waits for the watch's own readings to show them.
    const stop = new AbortController();
    const alerts: WatchAlert[] = [];
    let progress: WatchProgress | undefined;
    let failed: unknown;
    const running = watch({
      url: appUrl,
      dir: project.root,
      serverLogs: [{ path: logging!.logDir, format: 'jsonlog' }],
      since: 'deploy',
      followMs: 120_000,
      pollIntervalMs: 250,
      progressIntervalMs: 50,
      signal: stop.signal,
      onProgress: (p) => void (progress = p),
      onAlertRaised: (a) => void alerts.push(a),
    }).catch((error: unknown) => {
      failed = error;
      throw error;
    });
    const until = async (what: string, done: () => boolean): Promise<void> => {
      for (let i = 0; i < 600 && !done() && failed === undefined; i++) await new Promise((resolve) => setTimeout(resolve, 50));
      if (failed !== undefined) throw failed;
      expect(done(), `the watch never ${what}`).toBe(true);
    };
    const checkFailures = (): number => progress?.groups.find((g) => g.sqlState === '23514' && g.constraint === CHECK)?.count ?? 0;
    // Reading (the first alert comes from the events already in the file) and polling.
    await until('read the log and polled the statistics', () => alerts.some((a) => a.kind === 'caused-by-deploy') && !!progress?.activity);
    // PostgreSQL's own rotation: a new file in the folder (log_filename carries the second).
    const before = logging!.files('.json').length;
    expect(await logging!.run('SELECT pg_rotate_logfile()')).toBeUndefined();
    for (let i = 0; i < 50 && logging!.files('.json').length === before; i++) await new Promise((resolve) => setTimeout(resolve, 100));
    const failures = Array.from({ length: BURST }, (_, i) => completeSchedule(10 + (i % 30)));
    expect(await logging!.runEach(failures, 'app')).toEqual(failures.map(() => '23514'));
    await until(
      'counted every failure and saw the rollbacks',
      () => checkFailures() === 3 + BURST && alerts.some((a) => a.kind === 'rollback-rate'),
    );
    stop.abort();
    const result = await running;
    expect(result.mode).toBe('follow');
    expect(result.sources[0]!.rotations).toBeGreaterThanOrEqual(1);
    expect(result.summary.errors).toBeGreaterThan(0);
    expect(group(result as unknown as { groups: Group[] }, '23514', CHECK)).toMatchObject({ count: 3 + BURST });
    expect(result.alerts.map((a) => a.kind)).toEqual(expect.arrayContaining(['caused-by-deploy', 'integrity-rate', 'rollback-rate']));
    expect(result.activity!.rollbacks.during).toBeGreaterThanOrEqual(BURST);
    expect(result.activity!.note).toContain('coarse');
    // pg_stat_statements is installed: statements on the tables the deploy touched are counted.
    expect(result.activity!.statements!.map((s) => s.table)).toEqual(
      expect.arrayContaining(['inventory_transactions', 'member_program_item_schedule', 'physical_counts']),
    );
  }, 60_000);

  it('once over the folder, the files the collector closed since the window began are read too', async (context) => {
    if (skipWithout(context)) return;
    expect(logging!.files('.csv').length).toBeGreaterThan(1);
    const run = await runCliProcess(['watch', '--url', appUrl, '--log', logging!.logDir, '--since', '--format', 'json'], {
      cwd: project.root,
    });
    expect(run.code, run.stderr).toBe(1);
    // 3 before the rotation (in the closed file), the burst after it.
    expect(group(JSON.parse(run.stdout), '23514', CHECK)).toMatchObject({ count: 3 + BURST });
  });

  it('stderr logs with the log_line_prefix settings people use', async (context) => {
    if (skipWithout(context)) return;
    const prefixes = ["'%t [%p]: [%l-1] user=%u,db=%d,app=%a,client=%h '", "'%m [%p] %q%u@%d '", "'%m [%p] %e '", "'%n %c '"];
    for (const prefix of prefixes) {
      // This private server only: the shared one's settings are never touched.
      expect(await logging!.run(`ALTER SYSTEM SET log_line_prefix = ${prefix}`)).toBeUndefined();
      expect(await logging!.run('SELECT pg_reload_conf()')).toBeUndefined();
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await logging!.run(DUPLICATE_SKU, 'app')).toBe('23505');
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    const file = logging!.files('.log').at(-1)!;
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('user=postgres,db=app,app=');
    expect(text).toContain('postgres@app ERROR:');
    expect(text).toContain('23505 ERROR:');
    const run = await runCliProcess(['watch', '--url', appUrl, '--log', file, '--since', '--format', 'json'], { cwd: project.root });
    expect(run.code, run.stderr).toBe(1);
    const json = JSON.parse(run.stdout);
    // Each entry read, with its time (all after the deploy) and its table from the schema.
    expect(group(json, '23505', 'items_sku_key')).toMatchObject({ count: prefixes.length, table: 'items' });
  });

  it('every chunking of the real files gives the same events (records cut anywhere, multi-line fields)', (context) => {
    if (skipWithout(context)) return;
    const formats: [RecordFormat, '.csv' | '.json' | '.log'][] = [
      [csvlogFormat, '.csv'],
      [jsonlogFormat, '.json'],
      [stderrLogFormat, '.log'],
    ];
    for (const [format, extension] of formats) {
      const bytes = readFileSync(logging!.files(extension)[0]!);
      const whole = new NeedleScanner(format).push(bytes, true);
      expect(whole.length).toBe(errorsLogged);
      for (const size of [1, 2, 3, 7, 64, 333, 4096]) {
        const scanner = new NeedleScanner(format);
        const events = [];
        for (let i = 0; i < bytes.length; i += size) events.push(...scanner.push(bytes.subarray(i, i + size)));
        events.push(...scanner.push(Buffer.alloc(0), true));
        expect(events, `${extension} in chunks of ${size}`).toEqual(whole);
      }
    }
  });
});
