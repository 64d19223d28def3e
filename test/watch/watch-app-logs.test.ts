import { appendFileSync, renameSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prismaProject, type FixtureProject } from '../support/fixture-project.js';
import { runCli } from '../../src/cli/main.js';
import { runCliProcess, spawnCli } from '../support/run-cli.js';
import { CHECK, DEPLOYED_ID, INIT, INIT_ID, PHYSICAL_COUNT } from './watch-scenario.js';

// Prisma's documented error shape (PrismaClientKnownRequestError: code, meta, message,
// clientVersion; prisma-engines user-facing-errors), as pino's error serializer logs it.
const prismaLine = (time: string, code: string, meta: Record<string, unknown>, message: string): string =>
  JSON.stringify({
    level: 50,
    time: Date.parse(time),
    pid: 7,
    msg: 'request failed',
    err: {
      type: 'PrismaClientKnownRequestError',
      message: `\nInvalid \`prisma.model.create()\` invocation:\n\n\n${message}`,
      stack: 'PrismaClientKnownRequestError: …\n    at Ln.handleRequestError (node_modules/@prisma/client/runtime/library.js:121:7315)',
      code,
      meta,
      clientVersion: '6.1.0',
      name: 'PrismaClientKnownRequestError',
    },
  });

const CHECK_MESSAGE = `new row for relation "inventory_transactions" violates check constraint "${CHECK}"`;

const LINES = [
  prismaLine(
    '2025-11-04T10:01:00Z',
    'P2004',
    { modelName: 'InventoryTransaction', database_error: CHECK_MESSAGE },
    `A constraint failed on the database: \`${CHECK_MESSAGE}\``,
  ),
  prismaLine(
    '2025-11-04T10:01:30Z',
    'P2004',
    { modelName: 'InventoryTransaction', database_error: CHECK_MESSAGE },
    `A constraint failed on the database: \`${CHECK_MESSAGE}\``,
  ),
  `2025-11-04T10:02:00.000Z api ERROR: ${CHECK_MESSAGE}`,
  prismaLine('2025-11-04T10:03:00Z', 'P2002', { modelName: 'items', target: ['sku'] }, 'Unique constraint failed on the fields: (`sku`)'),
  // node-postgres' DatabaseError, as the same serializer logs it.
  JSON.stringify({
    level: 'error',
    time: '2025-11-04T10:03:10.000Z',
    err: {
      type: 'DatabaseError',
      message: 'duplicate key value violates unique constraint "items_sku_key"',
      length: 205,
      name: 'error',
      severity: 'ERROR',
      code: '23505',
      detail: 'Key (sku)=(SKU-1) already exists.',
      schema: 'public',
      table: 'items',
      constraint: 'items_sku_key',
      file: 'nbtinsert.c',
      line: '666',
      routine: '_bt_check_unique',
    },
  }),
  prismaLine(
    '2025-11-04T10:04:00Z',
    'P2003',
    { modelName: 'physical_counts', field_name: 'physical_counts_item_id_fkey (index)' },
    'Foreign key constraint failed on the field: `physical_counts_item_id_fkey (index)`',
  ),
  prismaLine(
    '2025-11-04T10:05:00Z',
    'P2011',
    { modelName: 'member_program_item_schedule', constraint: ['item_id'] },
    'Null constraint violation on the fields: (`item_id`)',
  ),
  prismaLine(
    '2025-11-04T10:06:00Z',
    'P2000',
    { modelName: 'items', column_name: 'name' },
    "The provided value for the column is too long for the column's type. Column: name",
  ),
  prismaLine(
    '2025-11-04T10:07:00Z',
    'P2022',
    { modelName: 'member_program_item_schedule', column: 'member_program_item_schedule.notes' },
    'The column `member_program_item_schedule.notes` does not exist in the current database.',
  ),
  '2025-11-04T10:08:00Z worker error: deadlock detected',
  JSON.stringify({ level: 30, time: '2025-11-04T10:09:00Z', msg: 'request timeout set to 30s' }),
  'plain text without any error',
];

interface Group {
  sqlState: string;
  eventClass: string;
  constraint?: string;
  table?: string;
  column?: string;
  count: number;
  causedByDeploy: { migration: string; object: string } | null;
  samples: { message: string; detail?: string; prismaCode?: string }[];
}

describe('watch over application logs (Prisma, node-postgres, text) on stdin and in files', () => {
  let project: FixtureProject;
  const once = ['watch', '--stdin', '--since', '2025-11-04T10:00:00Z', '--migration', DEPLOYED_ID];

  beforeAll(() => {
    project = prismaProject({ [INIT_ID]: INIT, [DEPLOYED_ID]: PHYSICAL_COUNT });
  });
  afterAll(() => project?.remove());

  it('recognises each Prisma error and node-postgres error, names its object from the deployed schema, attributes it', async () => {
    const run = await runCliProcess([...once, '--format', 'json'], { cwd: project.root, input: `${LINES.join('\n')}\n` });
    expect(run.code, run.stderr).toBe(1);
    const json = JSON.parse(run.stdout);
    expect(json.deploy).toMatchObject({ basis: 'named', migrations: [{ id: DEPLOYED_ID }] });
    const groups: Group[] = json.groups;
    const find = (sqlState: string): Group[] => groups.filter((g) => g.sqlState === sqlState);

    // P2004's database_error and the plain text line are the same failure.
    expect(find('23514')).toEqual([
      expect.objectContaining({
        constraint: CHECK,
        table: 'inventory_transactions',
        count: 3,
        causedByDeploy: expect.objectContaining({ migration: DEPLOYED_ID }),
      }),
    ]);
    // P2002 names fields: the deployed schema says which constraint; node-postgres names it outright.
    expect(find('23505')).toEqual([
      expect.objectContaining({ constraint: 'items_sku_key', table: 'items', count: 2, causedByDeploy: null }),
    ]);
    expect(find('23503')).toEqual([
      expect.objectContaining({
        constraint: 'physical_counts_item_id_fkey',
        causedByDeploy: expect.objectContaining({ object: 'table physical_counts' }),
      }),
    ]);
    expect(find('23502')).toEqual([
      expect.objectContaining({ table: 'member_program_item_schedule', column: 'item_id', causedByDeploy: null }),
    ]);
    expect(find('22001')).toEqual([
      expect.objectContaining({ eventClass: 'bad-value', table: 'items', column: 'name', causedByDeploy: null }),
    ]);
    expect(find('42703')).toEqual([
      expect.objectContaining({
        eventClass: 'schema',
        column: 'notes',
        causedByDeploy: expect.objectContaining({ object: 'column member_program_item_schedule.note' }),
      }),
    ]);
    expect(find('40P01')).toEqual([expect.objectContaining({ eventClass: 'lock', count: 1 })]);
    expect(groups).toHaveLength(7);
    expect(find('23514')[0]!.samples[0]!.prismaCode).toBe('P2004');
    // The row value in node-postgres' detail is personal data: hidden.
    expect(find('23505')[0]!.samples.map((s) => s.detail)).toContain('Key (sku)=(…) already exists.');
    expect(run.stdout).not.toContain('SKU-1');
    expect(json.sources).toEqual([expect.objectContaining({ kind: 'app-log', label: 'stdin', events: 10 })]);
    expect(json.alerts.map((a: { kind: string }) => a.kind).sort()).toEqual(['caused-by-deploy', 'caused-by-deploy', 'caused-by-deploy']);

    const shown = await runCliProcess([...once, '--show-values', '--format', 'json'], {
      cwd: project.root,
      input: `${LINES.join('\n')}\n`,
    });
    expect(shown.stdout).toContain('Key (sku)=(SKU-1) already exists.');
  });

  it('exit codes: 0 when quiet, 2 for usage, 3 for an unreadable log', async () => {
    const quiet = await runCliProcess(once, { cwd: project.root, input: `${LINES.slice(-2).join('\n')}\n` });
    expect(quiet.code, quiet.stderr).toBe(0);
    expect(quiet.stdout).toContain('quiet');

    for (const [args, message] of [
      [['watch', '--stdin', '--for', '15'], '--for 15: expected a duration with a unit'],
      [['watch', '--stdin', '--since', 'yesterday'], '--since yesterday: expected a time or a duration ago'],
      [['watch', '--stdin', '--since'], '--since without a time needs to know when the deploy was'],
      [['watch', '--since', '1h'], 'nothing to read once'],
    ] as const) {
      const run = await runCliProcess(args, { cwd: project.root });
      expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBe(2);
      expect(run.stderr).toContain(message);
    }
    const missing = await runCliProcess(['watch', '--log', 'nowhere/postgresql.csv', '--since', '1h'], { cwd: project.root });
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('cannot read log');
    expect(missing.stderr).toContain('[LOG_READ_FAILED]');

    project.write('pgpreflight.config.json', JSON.stringify({ watch: { baseline: 'an hour', onAlert: { webhook: 'ftp://x' } } }));
    try {
      const config = await runCliProcess(once, { cwd: project.root, input: '' });
      expect(config.code).toBe(2);
      expect(config.stderr).toContain('watch.baseline: expected a duration with a unit');
      expect(config.stderr).toContain('watch.onAlert');
    } finally {
      project.write('pgpreflight.config.json', '{}');
    }
  });

  it('on a terminal, a live view counts per failure while following; Ctrl-C ends the watch with its summary', async () => {
    const file = project.write('logs/live.log', `${LINES.slice(0, 3).join('\n')}\n`);
    let stderr = '';
    let stdout = '';
    const io = {
      stdout: (text: string) => void (stdout += text),
      stderr: (text: string) => void (stderr += text),
      stdoutIsTTY: true,
      stderrIsTTY: true,
      columns: 120,
      env: {},
      cwd: project.root,
    };
    const code = await runCli(['watch', '--app-log', file, '--since', '2025-11-04T10:00:00Z', '--for', '2500ms', '--no-color'], io);
    // Three integrity errors in an hour, no deploy named: counted, below the threshold.
    expect(code).toBe(0);
    // Redrawn in place: cursor up and erase, then the counts.
    expect(stderr).toContain('\u001b[J');
    expect(stderr).toMatch(/watching \d+ s · \d+ s left · 1 source/);
    expect(stderr).toMatch(new RegExp(`\\s+3  23514 on ${CHECK}`));
    expect(stdout).toContain('followed for 3 s');

    const watching = spawnCli(
      ['watch', '--app-log', file, '--since', '2025-11-04T10:00:00Z', '--migration', DEPLOYED_ID, '--for', '1h'],
      project.root,
    );
    await watching.stderrContains('ALERT');
    watching.interrupt();
    const run = await watching.done;
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(new RegExp(`3  +\\S+  23514 on ${CHECK}`));
    expect(run.stderr).toContain('interrupted');
  });

  it('follows an application log across logrotate (renamed and recreated) and copytruncate', async () => {
    const file = project.write('logs/api.log', `${LINES[0]}\n`);
    const watching = spawnCli(
      ['watch', '--app-log', file, '--since', '2025-11-04T10:00:00Z', '--migration', DEPLOYED_ID, '--for', '5s', '--format', 'json'],
      project.root,
    );
    await watching.stderrContains('ALERT');
    // logrotate: the old file is renamed (the application still writes one line to it), a new one is created.
    renameSync(file, `${file}.1`);
    appendFileSync(`${file}.1`, `${LINES[1]}\n`);
    writeFileSync(file, `${LINES[2]}\n${LINES[0]}\n`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    // copytruncate: the same file emptied and written again.
    truncateSync(file, 0);
    appendFileSync(file, `${LINES[1]}\n`);
    const run = await watching.done;
    expect(run.code, run.stderr).toBe(1);
    const json = JSON.parse(run.stdout);
    expect(json.mode).toBe('follow');
    expect(json.sources[0]).toMatchObject({ label: path.resolve(file), rotations: 2 });
    expect(json.groups.find((g: Group) => g.sqlState === '23514')).toMatchObject({ count: 5 });
  }, 30_000);
});
