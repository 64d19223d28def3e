/**
 * SQL for the name of a catalog object (collation, operator class, operator…) as PostgreSQL's own
 * deparser prints it under search_path = pg_catalog: quoted when needed, schema-qualified outside
 * pg_catalog. Both arguments are column expressions of the query it goes in.
 */
export function qualifiedCatalogName(schemaColumn: string, nameColumn: string): string {
  return `CASE WHEN ${schemaColumn} = 'pg_catalog' THEN pg_catalog.quote_ident(${nameColumn})
                 ELSE pg_catalog.quote_ident(${schemaColumn}) || '.' || pg_catalog.quote_ident(${nameColumn}) END`;
}
