import type { LintRule } from '../lint-rule.js';
import { alterCommands, columnConstraints, table } from '../alter-commands.js';

// Defaults evaluated per row: ADD COLUMN with one of these rewrites the table (PostgreSQL 11+ stores
// a constant default without rewriting).
const VOLATILE =
  /^(random|clock_timestamp|timeofday|gen_random_uuid|uuid_generate_v1|uuid_generate_v1mc|uuid_generate_v4|nextval|txid_current|statement_timestamp|uuidv7|uuidv4)$/;

export const addColumnRewrite: LintRule = {
  id: 'add-column-rewrite',
  category: 'locking',
  severity: 'warning',
  locksExistingTable: true,
  summary: 'ADD COLUMN with a volatile default, or a stored generated or identity column, rewrites the table',
  rationale:
    'A column whose value must be computed per row (random(), gen_random_uuid(), clock_timestamp(), a STORED generated column, an identity) makes PostgreSQL rewrite the whole table under an ACCESS EXCLUSIVE lock. A constant default does not since PostgreSQL 11 (before, any default did).',
  help: 'add the column without the default (or nullable), backfill in batches, then SET DEFAULT for new rows',
  examples: {
    bad: [
      'ALTER TABLE orders ADD COLUMN token uuid DEFAULT gen_random_uuid();',
      'ALTER TABLE orders ADD COLUMN total_cents bigint GENERATED ALWAYS AS (total * 100) STORED;',
    ],
    good: [
      "ALTER TABLE orders ADD COLUMN status text DEFAULT 'new';",
      'ALTER TABLE orders ADD COLUMN token uuid;\nALTER TABLE orders ALTER COLUMN token SET DEFAULT gen_random_uuid();',
    ],
  },
  check(file) {
    return alterCommands(file.statements).flatMap((c) => {
      if (c.subtype !== 'AT_AddColumn' || !c.column || file.isNewTable(c.table, c.statement)) return [];
      const reason = columnConstraints(c.column)
        .map((k) => {
          if (k.contype === 'CONSTR_GENERATED') return 'a STORED generated column';
          if (k.contype === 'CONSTR_IDENTITY') return 'an identity column';
          if (k.contype === 'CONSTR_DEFAULT') {
            const call = JSON.stringify(k.raw_expr ?? {});
            const names = [...call.matchAll(/"funcname":\[(?:\{"String":\{"sval":"[^"]*"\}\},)?\{"String":\{"sval":"([^"]+)"\}\}\]/g)].map(
              (m) => m[1]!,
            );
            const volatile = names.find((n) => VOLATILE.test(n));
            if (volatile) return `a volatile default ${volatile}()`;
            // Before PostgreSQL 11 every non-NULL default was written into each row.
            const isNull = (k.raw_expr as { A_Const?: { isnull?: boolean } } | undefined)?.A_Const?.isnull === true;
            return file.postgresMajor < 11 && !isNull
              ? `a default on PostgreSQL ${file.postgresMajor} (before 11 any default rewrites the table)`
              : undefined;
          }
          return undefined;
        })
        .find(Boolean);
      if (!reason) return [];
      return [
        {
          statement: c.statement,
          table: c.table,
          message: `adds ${table(c.table)}.${String(c.column.colname)} as ${reason}: the whole table is rewritten under an ACCESS EXCLUSIVE lock`,
        },
      ];
    });
  },
};
