import { distance } from 'fastest-levenshtein';
import type { CatalogObjects, CatalogTable } from '../../catalog/catalog-snapshot.js';
import { PgPreflightError } from '../../core/pgpreflight-error.js';

const PART = String.raw`("(?:[^"]|"")+"|[^."]+)`;
const NAME = new RegExp(`^${PART}(?:\\.${PART})?$`);

/**
 * The table a person named: `items`, `public.items`, `"Order"` or `Order` (names are matched as
 * PostgreSQL stores them, then, for an unquoted name, folded to lower case as SQL would). Without a
 * schema, `public` wins over other schemas; a name in several other schemas must be qualified.
 */
export function findTable(objects: CatalogObjects, argument: string): CatalogTable {
  const match = NAME.exec(argument.trim());
  if (!match) {
    throw new PgPreflightError('USAGE', `${argument}: not a table name`, { hint: 'write TABLE or SCHEMA.TABLE, e.g. public.items' });
  }
  const [schemaPart, namePart] = match[2] === undefined ? [undefined, match[1]!] : [match[1]!, match[2]];
  const variants = (part: string): string[] =>
    part.startsWith('"') ? [part.slice(1, -1).replaceAll('""', '"')] : [...new Set([part, part.toLowerCase()])];
  const schemas = schemaPart === undefined ? undefined : variants(schemaPart);
  for (const name of variants(namePart)) {
    const found = objects.tables.filter((t) => t.name === name && (schemas === undefined || schemas.includes(t.schema)));
    if (found.length === 1) return found[0]!;
    if (found.length > 1) {
      const inPublic = found.find((t) => t.schema === 'public');
      if (inPublic) return inPublic;
      throw new PgPreflightError('USAGE', `${argument}: a table of that name exists in ${found.map((t) => t.schema).join(', ')}`, {
        hint: `name the schema, e.g. ${found[0]!.schema}.${name}`,
      });
    }
  }
  const wanted = namePart.replaceAll('"', '').toLowerCase();
  // Typos (edit distance ≤ 2) first, then names that contain or are contained in what was typed.
  const score = (t: CatalogTable): number => {
    const name = t.name.toLowerCase();
    const d = distance(name, wanted);
    if (d <= 2) return d;
    return name.includes(wanted) || wanted.includes(name) ? 3 : Infinity;
  };
  const close = objects.tables
    .map((t) => ({ t, score: score(t) }))
    .filter((x) => x.score !== Infinity)
    .sort((a, b) => a.score - b.score)
    .slice(0, 3)
    .map(({ t }) => t)
    .map((t) => (t.schema === 'public' ? t.name : `${t.schema}.${t.name}`));
  throw new PgPreflightError('USAGE', `no table ${argument} on the target`, {
    hint: close.length ? `did you mean ${close.join(', ')}?` : 'check the name and the database (--url / --env)',
  });
}
