import type { CatalogObjects } from '../../catalog/catalog-snapshot.js';
import { CONSTRAINT_KEYWORD } from '../../catalog/constraint-keyword.js';
import { closeNames, nameVariants } from '../../catalog/find-table.js';
import type { Finding } from '../../core/finding.js';
import { quoteIdentifier } from '../../sql/quote-identifier.js';
import { constraintKey, indexKey, quoted, shown } from './health/health-context.js';
import { concurrently } from './health/index-invalid.js';
import { plural, type VerifyCheckRun } from './verify-check-run.js';

/**
 * Every constraint and index the applied migrations create (read from the shadow) must exist on the
 * target, under the same name on the same table, and be valid where the migrations leave it valid —
 * one dropped by hand, a VALIDATE or a concurrent build that never finished. Objects the target has
 * beyond these are drift's business, not this check's. Returns the keys of objects it reported, so
 * the health checks do not report an invalid one twice.
 */
export function expectedFromMigrations(
  expected: CatalogObjects,
  target: CatalogObjects,
  applied: number,
): { run: Omit<VerifyCheckRun, 'ms'>; reported: Set<string> } {
  const findings: Finding[] = [];
  const reported = new Set<string>();
  const tableMissing = (schema: string, table: string): string =>
    target.tables.some((t) => t.schema === schema && t.name === table) ? '' : ` (the table ${shown(schema, table)} itself is missing)`;
  for (const c of expected.constraints) {
    const found = target.constraints.find((t) => t.schema === c.schema && t.table === c.table && t.name === c.name);
    const what = `${CONSTRAINT_KEYWORD[c.type]} ${c.name} on ${shown(c.schema, c.table)}`;
    const evidence = {
      object: 'constraint',
      schema: c.schema,
      table: c.table,
      name: c.name,
      definition: c.definition,
      source: 'migrations',
    };
    if (!found) {
      findings.push({
        ruleId: 'expected-object-missing',
        severity: 'error',
        message: `${what}, which the applied migrations create, is missing on the target${tableMissing(c.schema, c.table)}`,
        help: `ALTER TABLE ${quoted(c.schema, c.table)} ADD CONSTRAINT ${quoteIdentifier(c.name)} ${c.definition};${
          c.type === 'check' || c.type === 'foreign-key' ? ' (add NOT VALID, then VALIDATE, on a big table)' : ''
        }`,
        evidence,
      });
    } else if (c.validated && !found.validated) {
      reported.add(constraintKey(c));
      findings.push({
        ruleId: 'expected-object-invalid',
        severity: 'error',
        message: `${what} is NOT VALID on the target, but the applied migrations validate it: the VALIDATE never ran there, or failed`,
        help: `ALTER TABLE ${quoted(c.schema, c.table)} VALIDATE CONSTRAINT ${quoteIdentifier(c.name)};`,
        evidence,
      });
    }
  }
  // An index that backs a constraint is reported with its constraint.
  const indexes = expected.indexes.filter((i) => i.constraint === null);
  for (const i of indexes) {
    const found = target.indexes.find((t) => t.schema === i.schema && t.name === i.name);
    const evidence = { object: 'index', schema: i.schema, table: i.table, name: i.name, definition: i.definition, source: 'migrations' };
    if (!found || found.table !== i.table) {
      findings.push({
        ruleId: 'expected-object-missing',
        severity: 'error',
        message: `index ${shown(i.schema, i.name)} on ${shown(i.schema, i.table)}, which the applied migrations create, is missing on the target${tableMissing(i.schema, i.table)}`,
        help: `${concurrently(i.definition)};`,
        evidence,
      });
    } else if (i.valid && !found.valid) {
      reported.add(indexKey(i));
      findings.push({
        ruleId: 'expected-object-invalid',
        severity: 'error',
        message: `index ${shown(i.schema, i.name)} on ${shown(i.schema, i.table)} is INVALID on the target, but the applied migrations build it: a CREATE INDEX CONCURRENTLY failed there (or is still running)`,
        help: `REINDEX INDEX CONCURRENTLY ${quoted(i.schema, i.name)};`,
        evidence,
      });
    }
  }
  const total = `${plural(expected.constraints.length, 'constraint')} and ${plural(indexes.length, 'index', 'indexes')}`;
  const missing = findings.filter((f) => f.ruleId === 'expected-object-missing').length;
  const invalid = findings.length - missing;
  return {
    run: {
      id: 'expected-objects:migrations',
      kind: 'expected-objects',
      title: `constraints and indexes of the ${plural(applied, 'applied migration')}`,
      summary: findings.length
        ? [missing ? `${missing} missing` : '', invalid ? `${invalid} not valid` : ''].filter(Boolean).join(', ') + ` of ${total}`
        : `${total} present and valid`,
      findings,
    },
    reported,
  };
}

/**
 * The constraints and indexes config `expect` lists must exist on the target (`name` or
 * `schema.name`); a unique index counts as a constraint of its name.
 */
export function expectedFromConfig(
  expect: { readonly constraints?: readonly string[]; readonly indexes?: readonly string[] },
  target: CatalogObjects,
): Omit<VerifyCheckRun, 'ms'> {
  const findings: Finding[] = [];
  const lists = [
    {
      setting: 'expect.constraints',
      word: 'constraint',
      names: expect.constraints ?? [],
      // Prisma's @@unique is a unique index, not a constraint, and guarantees the same: both count.
      objects: [...target.constraints, ...target.indexes.filter((i) => i.unique)],
    },
    { setting: 'expect.indexes', word: 'index', names: expect.indexes ?? [], objects: target.indexes },
  ];
  for (const { setting, word, names, objects } of lists) {
    for (const written of names) {
      const parsed = nameVariants(written);
      const present =
        parsed !== undefined &&
        objects.some((o) => parsed.names.includes(o.name) && (parsed.schemas === undefined || parsed.schemas.includes(o.schema)));
      if (present) continue;
      const close = closeNames(
        parsed?.written ?? written,
        objects.map((o) => ({ name: o.name, shown: o.name })),
      );
      findings.push({
        ruleId: 'expected-object-missing',
        severity: 'error',
        message: `${word} ${written}, listed in ${setting}, does not exist on the target`,
        help: close.length
          ? `did you mean ${close.join(', ')}?`
          : `create it (a migration), or remove it from ${setting} if it is gone on purpose`,
        evidence: { object: word, name: written, source: 'config' },
      });
    }
  }
  const listed = lists.reduce((n, list) => n + list.names.length, 0);
  return {
    id: 'expected-objects:config',
    kind: 'expected-objects',
    title: 'constraints and indexes listed in expect',
    summary: findings.length ? `${findings.length} of ${listed} missing` : `${listed} of ${listed} present`,
    findings,
  };
}
