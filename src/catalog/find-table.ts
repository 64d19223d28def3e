import { distance } from 'fastest-levenshtein';
import type { CatalogObjects, CatalogTable } from './catalog-snapshot.js';
import { PgPreflightError } from '../core/pgpreflight-error.js';

const PART = String.raw`("(?:[^"]|"")+"|[^."]+)`;
const NAME = new RegExp(`^${PART}(?:\\.${PART})?$`);

/** A name as a person wrote it (`items`, `public.items`, `"Order"`), as the stored names it may mean. */
export interface NameVariants {
  /** Undefined when no schema was written. */
  readonly schemas: readonly string[] | undefined;
  /** The stored name first, then, for an unquoted name, its lower-case folding. */
  readonly names: readonly string[];
  /** What was written for the name itself, for "did you mean". */
  readonly written: string;
}

/** `NAME` or `SCHEMA.NAME`, each part quoted or not; undefined when it is not a name. */
export function nameVariants(argument: string): NameVariants | undefined {
  const match = NAME.exec(argument.trim());
  if (!match) return undefined;
  const [schemaPart, namePart] = match[2] === undefined ? [undefined, match[1]!] : [match[1]!, match[2]];
  const variants = (part: string): string[] =>
    part.startsWith('"') ? [part.slice(1, -1).replaceAll('""', '"')] : [...new Set([part, part.toLowerCase()])];
  return { schemas: schemaPart === undefined ? undefined : variants(schemaPart), names: variants(namePart), written: namePart };
}

/**
 * The table a person named: `items`, `public.items`, `"Order"` or `Order` (names are matched as
 * PostgreSQL stores them, then, for an unquoted name, folded to lower case as SQL would). Without a
 * schema, `public` wins over other schemas; a name in several other schemas must be qualified.
 */
export function findTable(objects: CatalogObjects, argument: string): CatalogTable {
  const parsed = nameVariants(argument);
  if (!parsed) {
    throw new PgPreflightError('USAGE', `${argument}: not a table name`, { hint: 'write TABLE or SCHEMA.TABLE, e.g. public.items' });
  }
  const { schemas, written: namePart } = parsed;
  for (const name of parsed.names) {
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
  const close = closeNames(
    namePart,
    objects.tables.map((t) => ({ name: t.name, shown: t.schema === 'public' ? t.name : `${t.schema}.${t.name}` })),
  );
  throw new PgPreflightError('USAGE', `no table ${argument} on the target`, {
    hint: close.length ? `did you mean ${close.join(', ')}?` : 'check the name and the database (--url / --env)',
  });
}

/**
 * Up to three names close to what was written: typos (edit distance ≤ 2) first, then names that
 * contain or are contained in it.
 */
export function closeNames(written: string, candidates: readonly { readonly name: string; readonly shown: string }[]): string[] {
  const wanted = written.replaceAll('"', '').toLowerCase();
  const score = (candidate: string): number => {
    const name = candidate.toLowerCase();
    const d = distance(name, wanted);
    if (d <= 2) return d;
    return name.includes(wanted) || wanted.includes(name) ? 3 : Infinity;
  };
  return [
    ...new Set(
      candidates
        .map((c) => ({ c, score: score(c.name) }))
        .filter((x) => x.score !== Infinity)
        .sort((a, b) => a.score - b.score)
        .map(({ c }) => c.shown),
    ),
  ].slice(0, 3);
}
