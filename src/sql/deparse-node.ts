import type { Node } from 'libpg-query';
import { deparseSync } from 'pgsql-deparser';

/**
 * An AST node (an expression, a FROM item, a SELECT) printed back as SQL by pgsql-deparser, whose
 * AST is libpg-query's of the same PostgreSQL major (18). Used where pgpreflight rewrites part of
 * a migration's statement — a table rebound to a modelled relation — and runs it in another query.
 */
export function deparseNode(node: Node | readonly Node[]): string {
  return deparseSync(node as Parameters<typeof deparseSync>[0], { pretty: false });
}
