import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DetectedLayout } from '../migration-format.js';
import { UNKNOWN_DELIVERY, type DeliveryReader, type FileDelivery } from '../file-delivery.js';

const DBMATE_UP = /^--\s*migrate:up\b(.*)$/m;
const FLYWAY_VERSIONED = /^V\d+(?:[._]\d+)*__.*\.sql$/;
const GOLANG_MIGRATE_UP = /\.up\.sql$/;

/**
 * How the tools whose folders pgpreflight reads as plain SQL send a file, by its conventions:
 * - dbmate wraps the up section in a transaction, unless `-- migrate:up transaction:false`, when
 *   the section goes in one call (one implicit transaction until its own COMMIT);
 * - golang-migrate's postgres driver sends the file in one call, without a wrapper (its
 *   `x-multi-statement=true` URL option splits it, which a file cannot show);
 * - Flyway runs statements one by one in one transaction (`executeInTransaction`, default true; a
 *   script config file `V…__x.sql.conf` or flyway.conf / flyway.toml may set it false), and runs a
 *   file holding a non-transactional statement without a transaction — refusing one that mixes
 *   both kinds unless `mixed=true`.
 * Any other file: UNKNOWN_DELIVERY, an assumption stated as such.
 */
export function plainSqlDelivery(layout: DetectedLayout): DeliveryReader {
  let flyway: FlywayConfig | undefined;
  return ({ absolutePath, text }) => {
    const up = DBMATE_UP.exec(text);
    if (up) {
      return /\btransaction:false\b/.test(up[1]!)
        ? { runner: 'dbmate (transaction:false)', mode: 'one-script', nonTransactional: 'in-place' }
        : { runner: 'dbmate', mode: 'one-transaction', nonTransactional: 'in-place' };
    }
    const name = path.basename(absolutePath);
    if (GOLANG_MIGRATE_UP.test(name)) {
      return { runner: 'golang-migrate (without x-multi-statement)', mode: 'one-script', nonTransactional: 'in-place' };
    }
    if (FLYWAY_VERSIONED.test(name)) {
      flyway ??= readFlywayConfig(layout);
      return flywayDelivery(flyway, readSetting(readText(`${absolutePath}.conf`), 'executeInTransaction'));
    }
    return UNKNOWN_DELIVERY;
  };
}

interface FlywayConfig {
  readonly executeInTransaction?: boolean;
  readonly mixed?: boolean;
}

function flywayDelivery(config: FlywayConfig, script: boolean | undefined): FileDelivery {
  const inTransaction = script ?? config.executeInTransaction ?? true;
  if (!inTransaction)
    return { runner: 'Flyway (executeInTransaction=false)', mode: 'statement-by-statement', nonTransactional: 'in-place' };
  return {
    runner: 'Flyway',
    mode: 'one-transaction',
    nonTransactional: 'file-without-transaction',
    ...(config.mixed !== undefined ? { mixed: config.mixed } : {}),
  };
}

function readFlywayConfig(layout: DetectedLayout): FlywayConfig {
  const folders = new Set([layout.projectRoot, path.dirname(layout.migrationsDir), layout.migrationsDir]);
  const texts = [...folders].flatMap((dir) =>
    ['flyway.conf', 'flyway.toml', path.join('conf', 'flyway.conf')].map((file) => readText(path.join(dir, file))),
  );
  const first = (key: string) => texts.map((text) => readSetting(text, key)).find((value) => value !== undefined);
  const executeInTransaction = first('executeInTransaction');
  const mixed = first('mixed');
  return { ...(executeInTransaction !== undefined ? { executeInTransaction } : {}), ...(mixed !== undefined ? { mixed } : {}) };
}

/** `flyway.mixed=true`, `mixed = true` (TOML) or a script config's `executeInTransaction=false`. */
function readSetting(text: string | undefined, key: string): boolean | undefined {
  if (!text) return undefined;
  const match = new RegExp(`^\\s*(?:flyway\\.)?${key}\\s*=\\s*"?(true|false)"?\\s*$`, 'm').exec(text);
  return match ? match[1] === 'true' : undefined;
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
