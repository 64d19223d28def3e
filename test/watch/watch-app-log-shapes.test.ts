import { appendFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NeedleScanner } from '../../src/analysis/watch/needle-scanner.js';
import { appLogFormat } from '../../src/analysis/watch/parse-app-log.js';
import { watch } from '../../src/commands/watch/watch.js';
import type { WatchResult } from '../../src/report/watch-result.js';
import { fixtureProject, prismaProject, type FixtureProject } from '../support/fixture-project.js';
import { describeServer, serverUrl } from '../support/test-database.js';

/**
 * Every error shape an application logs, one fixture each (test/watch/app-logs/, each saying in its
 * `#` header where the shape comes from), read by `watch` through its public API against a Prisma
 * project whose last migration adds the CHECK the application then violates.
 */
const INIT_ID = '20250101000000_init';
const DEPLOYED_ID = '20251104000000_order_total_check';
const INIT = `CREATE TABLE "User" (id serial PRIMARY KEY, email text NOT NULL, name varchar(20));
CREATE UNIQUE INDEX "User_email_key" ON "User" (email);
CREATE TABLE "Order" (id serial PRIMARY KEY, "userId" int NOT NULL, total numeric NOT NULL, "contactEmail" text);
ALTER TABLE "Order" ADD CONSTRAINT "Order_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" (id);
`;
const DEPLOYED = `ALTER TABLE "Order" ADD CONSTRAINT "Order_total_check" CHECK (total >= 0);\n`;
const FIXTURES = path.join(import.meta.dirname, 'app-logs');
// The personal data in the fixtures' Failing row and Key (…)=(…) details.
const ROW_VALUE = 'jane@example.com';

interface Expected {
  readonly sqlState: string;
  readonly eventClass: string;
  readonly count: number;
  readonly constraint?: string;
  readonly table?: string;
  readonly column?: string;
  /** The group is attributed to the deployed migration. */
  readonly deployed?: true;
}

const CHECK: Expected = {
  sqlState: '23514',
  eventClass: 'integrity',
  constraint: 'Order_total_check',
  table: 'Order',
  deployed: true,
  count: 1,
};
const UNIQUE: Expected = { sqlState: '23505', eventClass: 'integrity', constraint: 'User_email_key', table: 'User', count: 1 };
// Only the column a source names: a unique index found from Prisma's fields names no column of its own.

const CASES: readonly { readonly file: string; readonly groups: readonly Expected[] }[] = [
  { file: 'prisma-log-error-stdout.log', groups: [{ ...CHECK, count: 2 }, UNIQUE] },
  { file: 'prisma-on-error-pino.jsonl', groups: [{ ...CHECK, count: 2 }] },
  {
    file: 'prisma-known-pino.jsonl',
    groups: [
      { ...UNIQUE, count: 2 },
      { sqlState: '23503', eventClass: 'integrity', constraint: 'Order_userId_fkey', table: 'Order', count: 1 },
      { sqlState: '23502', eventClass: 'integrity', table: 'User', column: 'email', count: 1 },
      { sqlState: '22001', eventClass: 'bad-value', table: 'User', column: 'name', count: 1 },
      { sqlState: '40001', eventClass: 'lock', table: 'Order', count: 1 },
      CHECK,
    ],
  },
  {
    file: 'prisma-known-console.log',
    groups: [UNIQUE, { sqlState: '23503', eventClass: 'integrity', constraint: 'Order_userId_fkey', table: 'Order', count: 1 }],
  },
  { file: 'prisma-unknown-console.log', groups: [{ ...CHECK, count: 2 }] },
  { file: 'prisma-driver-adapter-console.log', groups: [CHECK] },
  {
    file: 'prisma-connection-console.log',
    groups: [
      { sqlState: '08001', eventClass: 'other', count: 1 },
      { sqlState: 'unknown', eventClass: 'other', count: 1 },
    ],
  },
  { file: 'node-postgres-console.log', groups: [UNIQUE, CHECK] },
  { file: 'node-postgres-pino.jsonl', groups: [UNIQUE, CHECK] },
  { file: 'supabase-postgres-logs.csv', groups: [CHECK, UNIQUE, { sqlState: '42501', eventClass: 'other', count: 1 }] },
  { file: 'supabase-postgres-logs.jsonl', groups: [CHECK, UNIQUE] },
  { file: 'supabase-postgrest.log', groups: [UNIQUE, CHECK] },
  // The clean twin: info lines and errors that are not database failures.
  { file: 'clean.log', groups: [] },
];

// The deploy is replayed once (then cached) on a scratch database of the test server: PGlite's cold
// start would cost more than every case together.
describeServer('watch reads every error shape applications log (Prisma, node-postgres, Supabase)', () => {
  let project: FixtureProject;
  const read = (file: string, showValues = false): Promise<WatchResult> => {
    // The fixture's `#` header says where the shape comes from; it is not part of the log.
    const log = readFileSync(path.join(FIXTURES, file), 'utf8').replace(/^(?:# .*\n)+/, '');
    return watch({
      dir: project.root,
      appLogs: [project.write(`logs/${file}`, log)],
      since: Date.parse('2025-11-04T10:00:00Z'),
      migrations: [DEPLOYED_ID],
      cacheDir: path.join(project.root, '.cache'),
      shadowUrl: serverUrl()!,
      showValues,
    });
  };

  beforeAll(() => {
    project = prismaProject({ [INIT_ID]: INIT, [DEPLOYED_ID]: DEPLOYED });
  });
  afterAll(() => project?.remove());

  it.each(CASES)('$file', async ({ file, groups }) => {
    const result = await read(file);
    // Each expected failure is one group, naming what it failed on and whether the deploy caused it.
    expect(result.groups).toHaveLength(groups.length);
    for (const { deployed, ...expected } of groups) {
      const group = result.groups.find((g) => g.sqlState === expected.sqlState && g.constraint === expected.constraint);
      expect(group, `${file}: ${expected.sqlState} ${expected.constraint ?? ''}`).toMatchObject(expected);
      expect(group!.causedByDeploy !== null, `${file}: ${expected.sqlState} attributed`).toBe(deployed === true);
    }
    expect(result.summary.events).toBe(groups.reduce((sum, g) => sum + g.count, 0));
    expect(result.sources[0]!.events).toBe(result.summary.events);
    // Row values in details and messages are hidden unless asked for.
    expect(JSON.stringify(result)).not.toContain(ROW_VALUE);
    if (groups.some((g) => g.deployed)) expect(result.alerts.map((a) => a.kind)).toContain('caused-by-deploy');
    else expect(result.alerts).toEqual([]);
  });

  it("hides the Failing row of a connector dump's detail, shows it with --show-values", async () => {
    const hidden = await read('prisma-unknown-console.log');
    const samples = hidden.groups[0]!.samples;
    expect(samples[0]).toMatchObject({
      message: 'new row for relation "Order" violates check constraint "Order_total_check"',
      detail: 'Failing row contains (…).',
    });
    const shown = await read('prisma-unknown-console.log', true);
    expect(shown.groups[0]!.samples[0]!.detail).toBe(`Failing row contains (13, 3, -5.00, ${ROW_VALUE}).`);
  });
});

describe('a follow ends with what the log holds at its end', () => {
  it('a line written just before the end is counted, not lost in the last poll interval', async () => {
    const project = fixtureProject();
    try {
      const file = project.write('logs/api.log', '');
      const stop = new AbortController();
      let reading = false;
      const running = watch({
        appLogs: [file],
        followMs: 60_000,
        signal: stop.signal,
        progressIntervalMs: 20,
        onProgress: (p) => void (reading ||= p.sources[0]!.bytes >= 0),
      });
      while (!reading) await new Promise((resolve) => setTimeout(resolve, 20));
      // Written and the watch ended in the same tick: the reader is waiting out its poll interval.
      appendFileSync(file, 'error: duplicate key value violates unique constraint "User_email_key"\n');
      stop.abort();
      const result = await running;
      expect(result.groups).toEqual([expect.objectContaining({ sqlState: '23505', constraint: 'User_email_key', count: 1 })]);
    } finally {
      project.remove();
    }
  });
});

describe('an application log read in chunks of any size gives the same events', () => {
  it.each(CASES.map((c) => c.file).filter((file) => !file.endsWith('.csv')))('%s', (file) => {
    const log = Buffer.from(readFileSync(path.join(FIXTURES, file), 'utf8').replace(/^(?:# .*\n)+/, ''));
    const whole = new NeedleScanner(appLogFormat).push(log, true);
    for (const size of [1, 7, 64, 333, 4096]) {
      const scanner = new NeedleScanner(appLogFormat);
      const events = [];
      for (let at = 0; at < log.length; at += size) events.push(...scanner.push(log.subarray(at, at + size)));
      events.push(...scanner.push(Buffer.alloc(0), true));
      expect(events, `${file} in chunks of ${size}`).toEqual(whole);
    }
  });
});
