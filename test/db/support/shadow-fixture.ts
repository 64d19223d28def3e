import type { DatabaseClient } from '../../../src/db/database-client.js';

/** What the shadow-cache tests build: a small schema with rows, so "the data is there" can be checked. */
export async function fillShadow(client: DatabaseClient): Promise<void> {
  await client.exec(`
    CREATE TABLE item (id int PRIMARY KEY, name text NOT NULL);
    INSERT INTO item SELECT g, 'item ' || g FROM generate_series(1, 3) AS g;
  `);
}

export async function itemCount(client: DatabaseClient): Promise<number> {
  const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM item');
  return rows[0]!.n;
}
