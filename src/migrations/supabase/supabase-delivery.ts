import type { DetectedLayout } from '../migration-format.js';
import type { DeliveryReader, FileDelivery } from '../file-delivery.js';
import { toolVersion, versionAtLeast } from '../delivery/tool-version.js';

// The statements the CLI pulls out of its pipeline since v2.109.0 (supabase/cli#5671); DROP INDEX
// CONCURRENTLY was added after v2.111.0 (supabase/cli#6276).
const ALONE_SINCE_2_109 = ['CREATE INDEX CONCURRENTLY', 'REINDEX CONCURRENTLY', 'VACUUM', 'ALTER SYSTEM', 'CLUSTER without a table'];

/**
 * The Supabase CLI sends a migration's statements and its history INSERT as one pipeline, which
 * PostgreSQL runs as one implicit transaction — even a lone CREATE INDEX CONCURRENTLY fails
 * ("cannot be executed within a pipeline"). From v2.109.0 it runs such statements alone.
 */
export function supabaseDelivery(layout: DetectedLayout): DeliveryReader {
  const version = toolVersion(layout.projectRoot, ['supabase']);
  const base = { mode: 'one-transaction', nonTransactional: 'in-place' } as const;
  let delivery: FileDelivery;
  if (version === undefined) {
    delivery = {
      runner: 'the Supabase CLI',
      ...base,
      assumption:
        'the Supabase CLI version is not known (no supabase package in node_modules, package-lock.json or package.json): assuming one before v2.109, which sends the whole file in one pipeline',
    };
  } else if (versionAtLeast(version, [2, 109])) {
    const reasons = versionAtLeast(version, [2, 112]) ? [...ALONE_SINCE_2_109, 'DROP INDEX CONCURRENTLY'] : ALONE_SINCE_2_109;
    delivery = { runner: `the Supabase CLI ${version}`, mode: 'one-transaction', nonTransactional: 'alone', aloneReasons: reasons };
  } else {
    delivery = { runner: `the Supabase CLI ${version}`, ...base };
  }
  return () => delivery;
}
