import { z } from 'zod';

// Every object is strict: a misspelt setting ("enviroments") is an error naming it, not a silent
// no-op that makes a production guard disappear.

const nonEmpty = z.string({ error: 'expected a string' }).min(1, { error: 'expected a non-empty string' });

const urlSource = z.union([nonEmpty, z.strictObject({ env: nonEmpty })], {
  error: 'expected a URL string or { env: "VARIABLE_NAME" }',
});

const environment = z.strictObject({
  url: urlSource,
  production: z.boolean({ error: 'expected true or false' }).optional(),
});

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
      }),
    )
    .optional(),
  expect: z.strictObject({ constraints: z.array(nonEmpty).optional(), indexes: z.array(nonEmpty).optional() }).optional(),
  drift: z.strictObject({ allow: z.array(z.strictObject({ object: nonEmpty, reason: nonEmpty })).optional() }).optional(),
  source: z.strictObject({ include: z.array(nonEmpty).optional(), exclude: z.array(nonEmpty).optional() }).optional(),
  rules: z.record(z.string(), severityOrOff).optional(),
  /** Columns `rehearse --sample` replaces with deterministic fakes when it copies rows from the target. */
  mask: z.array(maskPattern).optional(),
  lint: z
    .strictObject({
      /** A lock rule on a table of at most this many rows (on the target) is only info. */
      smallTableRows: z.number().int().nonnegative().optional(),
      /** At least this many rows makes it an error. */
      largeTableRows: z.number().int().positive().optional(),
    })
    .optional(),
});

/** What a config file may contain (the argument of `defineConfig`). */
export type PgPreflightConfig = z.input<typeof configSchema>;
/** A validated config. */
export type ResolvedConfig = z.output<typeof configSchema>;
export type EnvironmentConfig = z.output<typeof environment>;
