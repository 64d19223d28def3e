import { quoteIdentifier, quoteQualifiedName } from '../../sql/quote-identifier.js';

/** `"schema"."name"` of a table, type, function, view or sequence. */
export const qualified = (object: { readonly schema: string; readonly name: string }): string =>
  quoteQualifiedName(object.schema, object.name);

/** The table an object on a table (column, constraint, index, trigger, policy) lives on. */
export const onTable = (object: { readonly schema: string; readonly table: string }): string =>
  quoteQualifiedName(object.schema, object.table);

export const ident = quoteIdentifier;

/** `ALTER TABLE "s"."t" <action>;` */
export const alterTable = (object: { readonly schema: string; readonly table: string }, action: string): string =>
  `ALTER TABLE ${onTable(object)} ${action};`;

/** A definition PostgreSQL printed with a trailing `;` (pg_get_viewdef), without it. */
export const withoutSemicolon = (text: string): string => text.trim().replace(/;$/, '');
