import { PgPreflightError } from '../core/pgpreflight-error.js';

/** A migration file and the identity its tool knows it by (an id, a version). */
export interface MigrationIdentity {
  readonly file: string;
  readonly key: string;
  /** How the tool names that identity in the message: `id 000001_a`, `Flyway version 1`. */
  readonly shown: string;
}

/**
 * Two files with one identity are a project its tool refuses (Flyway: "Found more than one
 * migration with version 1"; golang-migrate: "duplicate migration file"), or one whose history
 * cannot tell them apart: deploy would apply one and fail on the other's history row. Refused at
 * load (MIGRATION_DUPLICATE, exit 2), naming both files, before anything runs.
 */
export function assertUniqueMigrations(identities: readonly MigrationIdentity[], hint: string): void {
  const seen = new Map<string, MigrationIdentity>();
  for (const identity of identities) {
    const first = seen.get(identity.key);
    if (first) {
      throw new PgPreflightError('MIGRATION_DUPLICATE', `${first.file} and ${identity.file} are both ${identity.shown}`, { hint });
    }
    seen.set(identity.key, identity);
  }
}
