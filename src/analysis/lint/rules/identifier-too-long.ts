import { scanSqlSync } from '../../../sql/scan-sql.js';
import type { LintRule } from '../lint-rule.js';

export const identifierTooLong: LintRule = {
  id: 'identifier-too-long',
  category: 'hygiene',
  severity: 'warning',
  summary: 'an identifier longer than 63 bytes',
  rationale:
    'PostgreSQL silently truncates names to 63 bytes: two long names can collide, and tools that compare names (Prisma, drift checks) see a different name than the one written.',
  help: 'shorten the name to 63 bytes or fewer',
  examples: {
    bad: [`CREATE INDEX ${'orders_'.repeat(10)}idx ON orders (id);`],
    good: ['CREATE INDEX orders_customer_idx ON orders (customer_id);'],
  },
  check(file) {
    // The parser has already cut the names in the AST: the lexer's tokens still hold them whole.
    // Only a statement with 64 name characters in a row can hold one; the rest are not lexed again.
    return file.topLevel.flatMap((s) =>
      !/[\w$\u0080-\uffff]{64}/.test(s.text)
        ? []
        : scanSqlSync(s.text)
            .tokens.filter((t) => t.kind === 'identifier')
            .map((t) => (t.text.startsWith('"') ? t.text.slice(1, -1).replaceAll('""', '"') : t.text))
            .filter((name) => Buffer.byteLength(name) > 63)
            .map((name) => ({
              statement: s,
              message: `${name.slice(0, 40)}… is ${Buffer.byteLength(name)} bytes; PostgreSQL keeps the first 63`,
            })),
    );
  },
};
