import { z } from 'zod';
import { findingRule } from '../core/finding-rules.js';
import { parseDuration } from '../core/parse-duration.js';

// Every object is strict: a misspelt setting ("enviroments") is an error naming it, not a silent
// no-op that makes a production guard disappear.

const nonEmpty = z.string({ error: 'expected a string' }).min(1, { error: 'expected a non-empty string' });

const urlSource = z.union([nonEmpty, z.strictObject({ env: nonEmpty })], {
  error: 'expected a URL string or { env: "VARIABLE_NAME" }',
});

const environment = z.strictObject({
  url: urlSource,
  production: z.boolean({ error: 'expected true or false' }).optional(),
  /** For a production environment: the environment whose recorded rehearsal level-3 migrations need (default "staging"). */
  staging: nonEmpty.optional(),
});

const milliseconds = z
  .number({ error: 'expected a number of milliseconds' })
  .int({ error: 'expected a whole number of milliseconds' })
  .nonnegative();

type WorkflowFunction = (db: {
  query(text: string, params?: readonly unknown[]): Promise<{ rows: readonly unknown[] }>;
}) => Promise<unknown>;

const workflow = z
  .strictObject({
    name: nonEmpty,
    sql: nonEmpty.optional(),
    run: z.custom<WorkflowFunction>((value) => typeof value === 'function', { error: 'expected a function' }).optional(),
    timeoutMs: z.number({ error: 'expected a number of milliseconds' }).int().positive().optional(),
  })
  .refine((value) => (value.sql === undefined) !== (value.run === undefined), {
    error: 'give exactly one of sql (a file) or run (a function)',
  });

const duration = nonEmpty.refine((value) => parseDuration(value) !== undefined, {
  error: 'expected a duration with a unit, e.g. "1h" or "30s"',
});
const wholeNumber = z
  .number({ error: 'expected a number' })
  .int({ error: 'expected a whole number' })
  .nonnegative({ error: 'expected 0 or more' });

const watch = z.strictObject({
  /** PostgreSQL server logs: a file or the log folder, with its format when the name does not tell. */
  logs: z
    .array(
      z.strictObject({
        path: nonEmpty,
        format: z.enum(['csvlog', 'jsonlog', 'stderr'], { error: 'expected "csvlog", "jsonlog" or "stderr"' }).optional(),
      }),
    )
    .optional(),
  /** Application logs (JSON lines or text). */
  appLogs: z.array(nonEmpty).optional(),
  /** How far before the deploy the baseline reaches. */
  baseline: duration.optional(),
  pollInterval: duration.optional(),
  thresholds: z
    .strictObject({
      causedByDeploy: wholeNumber.optional(),
      integrityPerHour: wholeNumber.optional(),
      rollbackRatio: z.number({ error: 'expected a number' }).nonnegative({ error: 'expected 0 or more' }).optional(),
    })
    .optional(),
  /** Called on each alert with a JSON body: a shell command (body on stdin), or { webhook: URL } (POSTed). */
  onAlert: z
    .union([nonEmpty, z.strictObject({ webhook: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }) })], {
      error: 'expected a command string or { webhook: "https://…" }',
    })
    .optional(),
});

// `column`, `table.column` or `schema.table.column`, each part a name or a glob with `*`.
const maskPattern = nonEmpty.regex(/^[^.\s]+(\.[^.\s]+){0,2}$/, {
  error: 'expected a column pattern: "email", "*_token", "users.phone" or "auth.users.phone" (* matches any characters)',
});

const severityOrOff = z.enum(['error', 'warning', 'info', 'off'], { error: 'expected "error", "warning", "info" or "off"' });

export const configSchema = z.strictObject({
  migrations: z
    .strictObject({
      dir: nonEmpty.optional(),
      format: z.enum(['prisma', 'supabase', 'sql'], { error: 'expected "prisma", "supabase" or "sql"' }).optional(),
    })
    .optional(),
  environments: z.record(z.string(), environment).optional(),
  workflows: z.array(workflow).optional(),
  invariants: z.array(z.strictObject({ name: nonEmpty, sql: nonEmpty })).optional(),
  unique: z
    .array(
      z.strictObject({
        table: nonEmpty,
        columns: z.array(nonEmpty).min(1, { error: 'expected at least one column' }),
        where: nonEmpty.optional(),
        /** Count rows whose key holds a NULL as colliding, as a NULLS NOT DISTINCT index would. */
        nullsNotDistinct: z.boolean({ error: 'expected true or false' }).optional(),
      }),
    )
    .optional(),
  expect: z.strictObject({ constraints: z.array(nonEmpty).optional(), indexes: z.array(nonEmpty).optional() }).optional(),
  verify: z
    .strictObject({
      /** A sequence with less headroom than this (percent of its range left) is reported. */
      sequenceHeadroomPercent: z
        .number({ error: 'expected a percentage' })
        .gt(0, { error: 'expected a percentage above 0' })
        .lt(100, { error: 'expected a percentage below 100' })
        .optional(),
      /** Foreign keys without an index are reported on referencing tables of at least this many rows. */
      unindexedForeignKeyMinRows: z.number({ error: 'expected a number of rows' }).int().nonnegative().optional(),
      /** statement_timeout of each verify query on the target, in milliseconds. */
      queryTimeoutMs: z.number({ error: 'expected a number of milliseconds' }).int().min(100).optional(),
    })
    .optional(),
  drift: z.strictObject({ allow: z.array(z.strictObject({ object: nonEmpty, reason: nonEmpty })).optional() }).optional(),
  source: z.strictObject({ include: z.array(nonEmpty).optional(), exclude: z.array(nonEmpty).optional() }).optional(),
  rules: z
    .record(z.string(), severityOrOff)
    .superRefine((rules, context) => {
      for (const id of Object.keys(rules)) {
        if (findingRule(id)?.gate) {
          context.addIssue({ code: 'custom', path: [id], message: 'a deploy guard, not a severity: it cannot be changed or turned off' });
        }
      }
    })
    .optional(),
  /** Protocols the project opts into; each turns the findings of its rule into errors (see effectiveRules). */
  policy: z
    .strictObject({
      /** 'required': a level-2/3 migration without a rollback (or an irreversible declaration) is an error. */
      rollbacks: z.enum(['required', 'optional'], { error: 'expected "required" or "optional"' }).optional(),
    })
    .optional(),
  backup: z
    .strictObject({
      /** Folder for backups, relative to the project root (default .pgpreflight/backups). */
      dir: nonEmpty.optional(),
      /** pg_dump / pg_restore to use instead of the ones found on PATH or in /usr/lib/postgresql. */
      pgDump: nonEmpty.optional(),
      pgRestore: nonEmpty.optional(),
    })
    .optional(),
  deploy: z
    .strictObject({
      /** lock_timeout of every migration statement (default 5000). */
      lockTimeoutMs: milliseconds.optional(),
      /** statement_timeout of every migration statement; 0 for none (default). */
      statementTimeoutMs: milliseconds.optional(),
      /** Tries of a step that cannot get its lock or deadlocks (default 5). */
      retries: z.number({ error: 'expected a whole number' }).int().min(1, { error: 'expected at least 1' }).optional(),
      /** How long to wait for blocking sessions before aborting (default 60000). */
      blockerWaitMs: milliseconds.optional(),
      /** How long to wait for another deploy's lock (default 600000). */
      lockWaitMs: milliseconds.optional(),
      /** What counts as blocking: transactions older than, idle in transaction longer than, locks held longer than. */
      blockers: z
        .strictObject({
          transactionMs: milliseconds.optional(),
          idleInTransactionMs: milliseconds.optional(),
          lockHolderMs: milliseconds.optional(),
        })
        .optional(),
    })
    .optional(),
  /** Columns `rehearse --sample` replaces with deterministic fakes when it copies rows from the target. */
  mask: z.array(maskPattern).optional(),
  lint: z
    .strictObject({
      /** A lock rule on a table of at most this many rows (on the target) is only info. */
      smallTableRows: z.number().int().nonnegative().optional(),
      /** At least this many rows makes it an error. */
      largeTableRows: z.number().int().positive().optional(),
      /**
       * PostgreSQL major version the rules judge for when there is no target (with one, the target's
       * own); default 15, the oldest major the community still supports.
       */
      postgresVersion: z
        .number({ error: 'expected a PostgreSQL major version, e.g. 16' })
        .int({ error: 'expected a major version as a whole number, e.g. 16 (not 16.4)' })
        .min(10, { error: 'expected PostgreSQL 10 or later' })
        .max(99, { error: 'expected a PostgreSQL major version, e.g. 16' })
        .optional(),
    })
    .optional(),
  watch: watch.optional(),
});

/** What a config file may contain (the argument of `defineConfig`). */
export type PgPreflightConfig = z.input<typeof configSchema>;
/** A validated config. */
export type ResolvedConfig = z.output<typeof configSchema>;
export type EnvironmentConfig = z.output<typeof environment>;
