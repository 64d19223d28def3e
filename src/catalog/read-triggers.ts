import type { CatalogQuery } from './catalog-query.js';
import type { CatalogTrigger, TriggerEvent, TriggerTiming } from './catalog-snapshot.js';

export interface RawTrigger {
  readonly trigger_name: string;
  readonly function_schema: string;
  readonly function_name: string;
  /** tgtype bit mask (include/catalog/pg_trigger.h). */
  readonly tgtype: number;
  readonly relid: number;
  readonly update_attnums: number[];
  readonly tgenabled: string;
  readonly constraint_trigger: boolean;
  readonly definition: string;
}

const ROW = 1 << 0;
const BEFORE = 1 << 1;
const INSTEAD = 1 << 6;
const EVENT_BITS: readonly (readonly [number, TriggerEvent])[] = [
  [1 << 2, 'insert'],
  [1 << 4, 'update'],
  [1 << 3, 'delete'],
  [1 << 5, 'truncate'],
];
const ENABLED = { O: 'origin', A: 'always', R: 'replica', D: 'disabled' } as const;

// Internal triggers (the ones implementing foreign keys) are part of their constraint, not listed.
export const readTriggers: CatalogQuery<RawTrigger, CatalogTrigger> = {
  key: 'triggers',
  fields: {
    relid: true,
    trigger_name: true,
    function_schema: true,
    function_name: true,
    tgtype: true,
    update_attnums: true,
    tgenabled: true,
    constraint_trigger: true,
    definition: true,
  },
  sql: () => `
SELECT r.oid AS relid, t.tgname AS trigger_name,
  fn.nspname AS function_schema, p.proname AS function_name, t.tgtype::int AS tgtype,
  t.tgattr::int2[] AS update_attnums,
  t.tgenabled::text AS tgenabled, t.tgconstraint <> 0 AS constraint_trigger,
  pg_catalog.pg_get_triggerdef(t.oid) AS definition
FROM scope_relation r
JOIN pg_catalog.pg_trigger t ON t.tgrelid = r.oid AND NOT t.tgisinternal
JOIN pg_catalog.pg_proc p ON p.oid = t.tgfoid
JOIN pg_catalog.pg_namespace fn ON fn.oid = p.pronamespace`,
  toItem: (raw, { relation, columnNames }) => {
    const table = relation(raw.relid);
    const timing: TriggerTiming = raw.tgtype & INSTEAD ? 'instead of' : raw.tgtype & BEFORE ? 'before' : 'after';
    return {
      schema: table.schema,
      table: table.name,
      name: raw.trigger_name,
      function: { schema: raw.function_schema, name: raw.function_name },
      timing,
      events: EVENT_BITS.filter(([bit]) => raw.tgtype & bit).map(([, event]) => event),
      updateColumns: columnNames(raw.relid, raw.update_attnums),
      level: raw.tgtype & ROW ? 'row' : 'statement',
      enabled: ENABLED[raw.tgenabled as keyof typeof ENABLED] ?? 'origin',
      when: whenClause(raw.definition),
      constraintTrigger: raw.constraint_trigger,
      definition: raw.definition,
    };
  },
  sortKey: (trigger) => [trigger.schema, trigger.table, trigger.name],
};

/**
 * PostgreSQL has no function for a trigger's WHEN alone; pg_get_triggerdef prints it as
 * `… WHEN (<condition>) EXECUTE FUNCTION f(args)`. The condition runs to the last
 * `) EXECUTE FUNCTION `, which is wrong only if a trigger argument contains that very text.
 */
function whenClause(definition: string): string | null {
  const start = definition.indexOf(' WHEN (');
  const end = definition.lastIndexOf(') EXECUTE FUNCTION ');
  if (start < 0 || end < start) return null;
  return definition.slice(start + ' WHEN ('.length, end);
}
