import type { CatalogObjects } from '../../catalog/catalog-snapshot.js';
import type { Effect } from '../../catalog/effect.js';
import { sha256Hex } from '../../migrations/sha256-hex.js';
import type { DriftKind } from '../../report/drift-result.js';
import { quoteIdentifier } from '../../sql/quote-identifier.js';
import { domainText } from '../../catalog/ddl/domain-ddl.js';

export interface DriftObject {
  readonly kind: DriftKind;
  /** The display key the allowlist matches. */
  readonly object: string;
  readonly expected: string | null;
  readonly actual: string | null;
}

/** `"Order"`, or `"app"."Order"` outside public: the key reads like the SQL a person would write. */
const named = (schema: string, name: string): string =>
  schema === 'public' ? quoteIdentifier(name) : `${quoteIdentifier(schema)}.${quoteIdentifier(name)}`;
const onTable = (o: { readonly schema: string; readonly table: string }): string => named(o.schema, o.table);

/**
 * One effect of `diffCatalogs(target, expected)` as drift: added means missing on the target,
 * dropped means extra on it. `expected` and `actual` are what each side has, in the catalog's words.
 */
export function driftObject(effect: Effect, actual: CatalogObjects, expected: CatalogObjects): DriftObject {
  const missing = (object: string, value: string): DriftObject => ({ kind: 'missing', object, expected: value, actual: null });
  const extra = (object: string, value: string): DriftObject => ({ kind: 'extra', object, expected: null, actual: value });
  const different = (object: string, want: string, have: string): DriftObject => ({
    kind: 'different',
    object,
    expected: want,
    actual: have,
  });
  switch (effect.kind) {
    case 'schema-added':
      return missing(`schema ${quoteIdentifier(effect.schema)}`, 'schema');
    case 'schema-dropped':
      return extra(`schema ${quoteIdentifier(effect.schema)}`, 'schema');
    case 'extension-added':
      return missing(`extension ${quoteIdentifier(effect.extension.name)}`, extensionText(effect.extension));
    case 'extension-dropped':
      return extra(`extension ${quoteIdentifier(effect.extension.name)}`, extensionText(effect.extension));
    case 'extension-changed':
      return different(`extension ${quoteIdentifier(effect.after.name)}`, extensionText(effect.after), extensionText(effect.before));
    case 'table-added':
      return missing(`table ${named(effect.table.schema, effect.table.name)}`, tableText(effect.table, expected));
    case 'table-dropped':
      return extra(`table ${named(effect.table.schema, effect.table.name)}`, tableText(effect.table, actual));
    case 'table-renamed':
      return different(
        `table ${named(effect.after.schema, effect.after.name)}`,
        `named ${effect.after.name}`,
        `named ${effect.before.name}`,
      );
    case 'partition-attached':
      return different(
        `table ${named(effect.table.schema, effect.table.name)}`,
        `partition of ${named(effect.parent.schema, effect.parent.name)} ${effect.table.partitionBound ?? ''}`.trimEnd(),
        'not a partition',
      );
    case 'partition-detached':
      return different(
        `table ${named(effect.table.schema, effect.table.name)}`,
        'not a partition',
        `partition of ${named(effect.parent.schema, effect.parent.name)} ${effect.table.partitionBound ?? ''}`.trimEnd(),
      );
    case 'rls-enabled':
    case 'rls-disabled': {
      const on = effect.kind === 'rls-enabled';
      return different(`table ${named(effect.table.schema, effect.table.name)}`, rls(on), rls(!on));
    }
    case 'column-added':
      return missing(columnKey(effect.column), columnText(effect.column));
    case 'column-dropped':
      return extra(columnKey(effect.column), columnText(effect.column));
    case 'column-renamed':
      return different(columnKey(effect.after), `named ${effect.after.name}`, `named ${effect.before.name}`);
    case 'column-changed':
      return different(columnKey(effect.after), columnText(effect.after), columnText(effect.before));
    case 'constraint-added':
      return missing(constraintKey(effect.constraint), effect.constraint.definition);
    case 'constraint-dropped':
      return extra(constraintKey(effect.constraint), effect.constraint.definition);
    case 'constraint-replaced':
      return different(constraintKey(effect.after), effect.after.definition, effect.before.definition);
    case 'constraint-validated':
      return different(
        constraintKey(effect.constraint),
        `${effect.constraint.definition} (validated)`,
        `${effect.constraint.definition} NOT VALID`,
      );
    case 'index-added':
      return missing(`index ${named(effect.index.schema, effect.index.name)}`, indexText(effect.index));
    case 'index-dropped':
      return extra(`index ${named(effect.index.schema, effect.index.name)}`, indexText(effect.index));
    case 'index-replaced':
      return different(`index ${named(effect.after.schema, effect.after.name)}`, indexText(effect.after), indexText(effect.before));
    case 'enum-added':
      return missing(`enum ${named(effect.enum.schema, effect.enum.name)}`, labels(effect.enum.labels));
    case 'enum-dropped':
      return extra(`enum ${named(effect.enum.schema, effect.enum.name)}`, labels(effect.enum.labels));
    case 'enum-values-added':
    case 'enum-values-removed':
    case 'enum-values-reordered':
      return different(`enum ${named(effect.after.schema, effect.after.name)}`, labels(effect.after.labels), labels(effect.before.labels));
    case 'enum-value-renamed':
      return different(`enum ${named(effect.enum.schema, effect.enum.name)}`, `has '${effect.to}'`, `has '${effect.from}' instead`);
    case 'domain-added':
      return missing(domainKey(effect.domain), domainText(effect.domain));
    case 'domain-dropped':
      return extra(domainKey(effect.domain), domainText(effect.domain));
    case 'domain-changed':
      return different(domainKey(effect.after), domainText(effect.after), domainText(effect.before));
    case 'domain-constraint-added':
      return missing(`${domainKey(effect.domain)} constraint ${quoteIdentifier(effect.constraint.name)}`, effect.constraint.definition);
    case 'domain-constraint-dropped':
      return extra(`${domainKey(effect.domain)} constraint ${quoteIdentifier(effect.constraint.name)}`, effect.constraint.definition);
    case 'domain-constraint-validated':
      return different(
        `${domainKey(effect.domain)} constraint ${quoteIdentifier(effect.constraint.name)}`,
        `${effect.constraint.definition} (validated)`,
        `${effect.constraint.definition} NOT VALID`,
      );
    case 'function-added':
      return missing(functionKey(effect.function), functionText(effect.function));
    case 'function-dropped':
      return extra(functionKey(effect.function), functionText(effect.function));
    case 'function-replaced':
      return different(functionKey(effect.after), functionText(effect.after), functionText(effect.before));
    case 'trigger-added':
      return missing(triggerKey(effect.trigger), triggerText(effect.trigger));
    case 'trigger-dropped':
      return extra(triggerKey(effect.trigger), triggerText(effect.trigger));
    case 'trigger-replaced':
      return different(triggerKey(effect.after), triggerText(effect.after), triggerText(effect.before));
    case 'view-added':
      return missing(viewKey(effect.view), effect.view.definition.trim());
    case 'view-dropped':
      return extra(viewKey(effect.view), effect.view.definition.trim());
    case 'view-replaced':
      return different(viewKey(effect.after), effect.after.definition.trim(), effect.before.definition.trim());
    case 'sequence-added':
      return missing(`sequence ${named(effect.sequence.schema, effect.sequence.name)}`, sequenceText(effect.sequence));
    case 'sequence-dropped':
      return extra(`sequence ${named(effect.sequence.schema, effect.sequence.name)}`, sequenceText(effect.sequence));
    case 'sequence-changed':
      return different(
        `sequence ${named(effect.after.schema, effect.after.name)}`,
        sequenceText(effect.after),
        sequenceText(effect.before),
      );
    case 'policy-added':
      return missing(policyKey(effect.policy), policyText(effect.policy));
    case 'policy-dropped':
      return extra(policyKey(effect.policy), policyText(effect.policy));
    case 'policy-replaced':
      return different(policyKey(effect.after), policyText(effect.after), policyText(effect.before));
  }
}

type Objects = CatalogObjects;
type Column = Objects['columns'][number];
type Fn = Objects['functions'][number];

const domainKey = (d: Objects['domains'][number]): string => `domain ${named(d.schema, d.name)}`;
const columnKey = (c: Column): string => `column ${onTable(c)}.${quoteIdentifier(c.name)}`;
const constraintKey = (c: { schema: string; table: string; name: string }): string =>
  `constraint ${quoteIdentifier(c.name)} on ${onTable(c)}`;
const triggerKey = (t: { schema: string; table: string; name: string }): string => `trigger ${quoteIdentifier(t.name)} on ${onTable(t)}`;
const policyKey = (p: { schema: string; table: string; name: string }): string => `policy ${quoteIdentifier(p.name)} on ${onTable(p)}`;
const functionKey = (f: Fn): string => `${f.kind} ${named(f.schema, f.name)}(${f.identityArguments})`;
const viewKey = (v: Objects['views'][number]): string =>
  `${v.kind === 'matview' ? 'materialized view' : 'view'} ${named(v.schema, v.name)}`;
const labels = (values: readonly string[]): string => `(${values.map((v) => `'${v.replaceAll("'", "''")}'`).join(', ')})`;
const rls = (on: boolean): string => `row-level security ${on ? 'enabled' : 'disabled'}`;

function tableText(table: Objects['tables'][number], objects: Objects): string {
  const columns = objects.columns.filter((c) => c.schema === table.schema && c.table === table.name).map((c) => c.name);
  return `${table.kind === 'partitioned' ? 'partitioned table' : 'table'} (${columns.join(', ')})`;
}

function columnText(c: Column): string {
  const parts = [c.type];
  if (c.collation) parts.push(`COLLATE ${c.collation}`);
  if (c.notNull) parts.push('NOT NULL');
  if (c.default !== null) parts.push(`DEFAULT ${c.default}`);
  if (c.identity) parts.push(`GENERATED ${c.identity === 'always' ? 'ALWAYS' : 'BY DEFAULT'} AS IDENTITY`);
  if (c.generated) parts.push(`GENERATED ALWAYS AS (${c.generated.expression}) ${c.generated.kind.toUpperCase()}`);
  return parts.join(' ');
}

function indexText(index: Objects['indexes'][number]): string {
  return index.valid ? index.definition : `${index.definition} (INVALID: a failed CREATE INDEX CONCURRENTLY)`;
}

/** Signature, result, language, volatility, security, settings and a hash of the body (bodies are long). */
function functionText(fn: Fn): string {
  const parts = [`${fn.name}(${fn.arguments})`];
  if (fn.returns) parts.push(`RETURNS ${fn.returns}`);
  parts.push(`LANGUAGE ${fn.language}`, fn.volatility.toUpperCase());
  if (fn.strict) parts.push('STRICT');
  parts.push(fn.securityDefiner ? 'SECURITY DEFINER' : 'SECURITY INVOKER');
  for (const setting of fn.config) parts.push(`SET ${setting}`);
  parts.push(`body sha256:${sha256Hex(fn.source).slice(0, 12)}`);
  return parts.join(' ');
}

function triggerText(trigger: Objects['triggers'][number]): string {
  return trigger.enabled === 'origin' ? trigger.definition : `${trigger.definition} (${trigger.enabled})`;
}

function sequenceText(s: Objects['sequences'][number]): string {
  const owner = s.ownedBy ? ` OWNED BY ${s.ownedBy.table}.${s.ownedBy.column}` : '';
  return `AS ${s.type} START ${s.start} INCREMENT ${s.increment} MINVALUE ${s.min} MAXVALUE ${s.max} CACHE ${s.cache}${s.cycle ? ' CYCLE' : ''}${owner}`;
}

function policyText(p: Objects['policies'][number]): string {
  const parts = [p.permissive ? 'PERMISSIVE' : 'RESTRICTIVE', `FOR ${p.command.toUpperCase()}`, `TO ${p.roles.join(', ')}`];
  if (p.using !== null) parts.push(`USING (${p.using})`);
  if (p.withCheck !== null) parts.push(`WITH CHECK (${p.withCheck})`);
  return parts.join(' ');
}

function extensionText(e: Objects['extensions'][number]): string {
  return `version ${e.version} in schema ${e.schema}`;
}
