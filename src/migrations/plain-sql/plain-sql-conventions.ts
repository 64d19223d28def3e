/**
 * The file conventions of the tools whose folders pgpreflight reads as plain SQL: golang-migrate
 * (`<version>_<name>.up.sql` beside `.down.sql`), Flyway (`V<version>__<desc>.sql`, its undo
 * `U<version>__<desc>.sql`, repeatable `R__<desc>.sql`) and dbmate (one file, `-- migrate:up` and
 * `-- migrate:down` sections). Each decides which files are migrations, their order, and where their
 * rollback lives — running a dbmate file whole would undo the migration right after applying it.
 */

const FLYWAY_VERSIONED = /^V(\d+(?:[._]\d+)*)__.*\.sql$/;
const FLYWAY_UNDO = /^U(\d+(?:[._]\d+)*)__.*\.sql$/;
const FLYWAY_REPEATABLE = /^R__.*\.sql$/;
// beforeMigrate.sql, afterEachMigrate.sql, afterMigrateError__vacuum.sql… (Flyway's SQL callbacks).
const FLYWAY_CALLBACK = /^(before|after)[A-Z][A-Za-z]*(__.*)?\.sql$/;
const DBMATE_MARKER = /^--\s*migrate:(up|down)\b.*$/;

export type PlainSqlFileKind = 'migration' | 'rollback' | 'repeatable' | 'callback' | 'other';

/**
 * `*.sql` files are migrations, except the rollbacks (`*.down.sql`, Flyway `U…__`), Flyway's
 * repeatables and — in a folder of Flyway `V…__` files (`flyway`) — Flyway's callbacks.
 */
export function plainSqlFileKind(file: string, flyway = false): PlainSqlFileKind {
  if (!file.endsWith('.sql') || file.length <= '.sql'.length) return 'other';
  if (file.endsWith('.down.sql') || FLYWAY_UNDO.test(file)) return 'rollback';
  if (FLYWAY_REPEATABLE.test(file)) return 'repeatable';
  if (flyway && FLYWAY_CALLBACK.test(file)) return 'callback';
  return 'migration';
}

/** Whether these file names are a Flyway folder (at least one `V<version>__` migration). */
export function isFlywayFolder(files: readonly string[]): boolean {
  return files.some((file) => FLYWAY_VERSIONED.test(file));
}

/** `0003_add_users.sql` → `0003_add_users`; golang-migrate's `1_init.up.sql` → `1_init`. */
export function plainSqlMigrationId(file: string): string {
  return file.replace(/(\.up)?\.sql$/, '');
}

/**
 * The version a tool knows a file by, where two names can mean one version: Flyway compares
 * versions part by part as numbers, trailing zero parts ignored (`V1`, `V1.0`, `V01` are one);
 * golang-migrate reads the number before `_` of an `.up.sql` file (`1_a.up.sql`, `01_b.up.sql`).
 */
export function plainSqlToolVersion(file: string): { readonly key: string; readonly shown: string } | undefined {
  const flyway = FLYWAY_VERSIONED.exec(file)?.[1];
  if (flyway !== undefined) {
    const parts = flyway.split(/[._]/).map((part) => BigInt(part).toString());
    while (parts.length > 1 && parts.at(-1) === '0') parts.pop();
    return { key: `flyway:${parts.join('.')}`, shown: `Flyway version ${parts.join('.')}` };
  }
  const migrate = /^(\d+)_.*\.up\.sql$/.exec(file)?.[1];
  if (migrate !== undefined) return { key: `migrate:${BigInt(migrate)}`, shown: `golang-migrate version ${BigInt(migrate)}` };
  return undefined;
}

/** `0003_add_users` → `add_users`, `V2_1__add_users` → `add_users`; an id that is only a number stays as it is. */
export function plainSqlMigrationName(id: string): string {
  const name = id.replace(/^V\d+(?:[._]\d+)*__/, '').replace(/^\d+[_-]+/, '');
  return name.length > 0 ? name : id;
}

/**
 * File names in the order their tool runs them: Flyway's by version number (`V2__` before `V10__`,
 * `V1.1__` between them) when every file is a Flyway versioned one; otherwise in UTF-16 code-unit
 * order (plain `<`), never by locale, so the order is the same on every machine.
 */
export function sortPlainSqlFiles(files: readonly string[]): string[] {
  const versions = files.map((file) => FLYWAY_VERSIONED.exec(file)?.[1]);
  if (files.length > 0 && versions.every((v) => v !== undefined)) {
    const parts = new Map(files.map((file, i) => [file, versions[i]!.split(/[._]/).map(Number)]));
    return [...files].sort((a, b) => compareVersions(parts.get(a)!, parts.get(b)!) || codeUnitOrder(a, b));
  }
  return [...files].sort(codeUnitOrder);
}

/** Where the rollback of a migration file lives beside it, by the convention of its name. */
export function plainSqlRollbackFile(file: string): string {
  const flyway = /^V(\d+(?:[._]\d+)*__.*\.sql)$/.exec(file);
  if (flyway) return `U${flyway[1]}`;
  return file.replace(/(\.up)?\.sql$/, '.down.sql');
}

export interface DbmateSections {
  /** The file with every line outside `-- migrate:up` blanked: line numbers stay those of the file. */
  readonly up: string;
  /** Likewise for `-- migrate:down`; empty when the section holds no statement. */
  readonly down: string;
  /** The file's text before its `-- migrate:down` line (where a generated rollback is appended). */
  readonly beforeDown: string;
}

/** A dbmate migration's two sections, or undefined when the file has no `-- migrate:up` line. */
export function dbmateSections(text: string): DbmateSections | undefined {
  const lines = text.split('\n');
  let section: 'none' | 'up' | 'down' = 'none';
  let sawUp = false;
  let downLine = -1;
  const up: string[] = [];
  const down: string[] = [];
  for (const [index, line] of lines.entries()) {
    const marker = DBMATE_MARKER.exec(line.trimEnd());
    if (marker) {
      section = marker[1] as 'up' | 'down';
      if (section === 'up') sawUp = true;
      else if (downLine < 0) downLine = index;
      up.push('');
      down.push('');
      continue;
    }
    up.push(section === 'up' ? line : '');
    down.push(section === 'down' ? line : '');
  }
  if (!sawUp) return undefined;
  const downText = down.join('\n');
  return {
    up: up.join('\n'),
    down: hasStatement(downText) ? downText : '',
    beforeDown: downLine < 0 ? text : lines.slice(0, downLine).join('\n'),
  };
}

/** The file text with its `-- migrate:down` section replaced by `rollback`. */
export function withDbmateDown(text: string, rollback: string): string {
  const sections = dbmateSections(text);
  const before = (sections?.beforeDown ?? text).replace(/\s*$/, '');
  return `${before}\n\n-- migrate:down\n${rollback.replace(/\s*$/, '')}\n`;
}

function hasStatement(sql: string): boolean {
  // Comments and blank lines alone are an empty section, as dbmate treats them.
  return (
    sql
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/--[^\n]*/g, '')
      .trim().length > 0
  );
}

function compareVersions(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function codeUnitOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
