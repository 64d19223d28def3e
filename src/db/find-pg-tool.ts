import { accessSync, constants, readdirSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { PgPreflightError } from '../core/pgpreflight-error.js';
import { runPgTool } from './run-pg-tool.js';

export type PgToolName = 'pg_dump' | 'pg_restore';

/** A PostgreSQL client program and the version it reports. */
export interface PgTool {
  readonly name: PgToolName;
  readonly path: string;
  /** As printed: "15.20". */
  readonly version: string;
  /** Comparable like server_version_num: 150020, 90600. */
  readonly versionNum: number;
}

export interface FindPgToolOptions {
  /** `--pg-dump PATH` or the config's `backup.pgDump`: the only candidate when given. */
  readonly override?: string;
  /** The program's major version must be at least this one's (a server_version_num). */
  readonly minimumVersionNum: number;
  /** What the minimum is, for messages: "the server (PostgreSQL 15.20)". */
  readonly minimumLabel: string;
  /** Looked at first: pg_restore next to the pg_dump that wrote the archive. */
  readonly preferDir?: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Where Debian and Ubuntu install each major version (default /usr/lib/postgresql). */
  readonly versionsRoot?: string;
}

/**
 * Finds a pg_dump or pg_restore at least as new as `minimumVersionNum`'s major version: an older
 * pg_dump refuses a newer server or, worse, misses what it does not know. Candidates, in order:
 * the override alone if given; else next to `preferDir`, on PATH, then /usr/lib/postgresql/<N>/bin
 * from the newest major down (Debian's pg_wrapper last). The first one new enough wins.
 */
export async function findPgTool(name: PgToolName, options: FindPgToolOptions): Promise<PgTool> {
  const env = Object.fromEntries(Object.entries(options.env).filter((entry): entry is [string, string] => entry[1] !== undefined));
  const candidates = options.override ? [options.override] : candidatePaths(name, options);
  if (candidates.length === 0) {
    throw new PgPreflightError(
      'PG_TOOL_NOT_FOUND',
      `${name} not found on PATH or in ${options.versionsRoot ?? DEFAULT_ROOT}/<version>/bin`,
      {
        hint: `install the PostgreSQL client tools (postgresql-client) or pass ${flagOf(name)} PATH`,
      },
    );
  }
  const tooOld: PgTool[] = [];
  for (const candidate of candidates) {
    const tool = await readPgToolVersion(name, candidate, env, options.override !== undefined);
    if (majorOf(tool.versionNum) >= majorOf(options.minimumVersionNum)) return tool;
    tooOld.push(tool);
  }
  const newest = tooOld.reduce((a, b) => (b.versionNum > a.versionNum ? b : a));
  const need = majorLabel(options.minimumVersionNum);
  throw new PgPreflightError(
    'PG_TOOL_TOO_OLD',
    `${name} ${newest.version} (${newest.path}) is older than ${options.minimumLabel}; it must be version ${need} or newer`,
    {
      hint: `install the PostgreSQL ${need} client tools (postgresql-client-${need}) or pass ${flagOf(name)} PATH to a ${name} ${need} or newer`,
    },
  );
}

const DEFAULT_ROOT = '/usr/lib/postgresql';

const flagOf = (name: PgToolName): string => (name === 'pg_dump' ? '--pg-dump' : '--pg-restore');
const settingOf = (name: PgToolName): string => (name === 'pg_dump' ? 'backup.pgDump' : 'backup.pgRestore');

function candidatePaths(name: PgToolName, options: FindPgToolOptions): string[] {
  const dirs: string[] = [];
  if (options.preferDir) dirs.push(options.preferDir);
  for (const dir of (options.env.PATH ?? '').split(path.delimiter)) if (dir) dirs.push(dir);
  const root = options.versionsRoot ?? DEFAULT_ROOT;
  let versions: string[] = [];
  try {
    versions = readdirSync(root).filter((entry) => /^\d+(\.\d+)?$/.test(entry));
  } catch {
    // No Debian-style versioned install: PATH is all there is.
  }
  versions.sort((a, b) => Number(b) - Number(a));
  for (const version of versions) dirs.push(path.join(root, version, 'bin'));
  const seen = new Set<string>();
  const found: string[] = [];
  const wrappers: string[] = [];
  for (const dir of dirs) {
    const file = path.resolve(dir, name);
    if (seen.has(file)) continue;
    seen.add(file);
    if (!isExecutable(file)) continue;
    // Debian's /usr/bin/pg_dump is postgresql-common's Perl wrapper around one of the versioned
    // binaries: asked last, since the binaries it would pick are candidates themselves and start
    // without a Perl interpreter.
    if (isPgWrapper(file)) wrappers.push(file);
    else found.push(file);
  }
  return [...found, ...wrappers];
}

function isPgWrapper(file: string): boolean {
  try {
    return path.basename(realpathSync(file)) === 'pg_wrapper';
  } catch {
    return false;
  }
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function readPgToolVersion(name: PgToolName, file: string, env: Record<string, string>, override: boolean): Promise<PgTool> {
  const where = `${name} ${file}`;
  if (override && !isExecutable(file)) {
    throw new PgPreflightError('PG_TOOL_NOT_FOUND', `${where}: no such executable`, {
      hint: `point ${flagOf(name)} (or ${settingOf(name)} in the config) at a ${name} program, or leave it out to use the one on PATH`,
    });
  }
  const run = await runPgTool(file, ['--version'], { env });
  const match = /\(PostgreSQL\)\s+(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(run.stdout);
  if (run.code !== 0 || !match) {
    throw new PgPreflightError('PG_TOOL_NOT_FOUND', `${where} --version did not report a PostgreSQL version`, {
      hint: `point it at a real ${name} (its --version prints "${name} (PostgreSQL) N.N")`,
    });
  }
  const [major, minor, patch] = [Number(match[1]), Number(match[2] ?? 0), Number(match[3] ?? 0)];
  // Before 10 the major version had two parts (9.6); server_version_num counts the same way.
  const versionNum = major >= 10 ? major * 10000 + minor : major * 10000 + minor * 100 + patch;
  return { name, path: file, version: match[0].replace(/^\(PostgreSQL\)\s+/, ''), versionNum };
}

/** The major version part of a server_version_num-style number (150020 → 150000, 90624 → 90600). */
export function majorOf(versionNum: number): number {
  return versionNum >= 100000 ? Math.floor(versionNum / 10000) * 10000 : Math.floor(versionNum / 100) * 100;
}

/** "15", "9.6". */
export function majorLabel(versionNum: number): string {
  return versionNum >= 100000
    ? String(Math.floor(versionNum / 10000))
    : `${Math.floor(versionNum / 10000)}.${Math.floor(versionNum / 100) % 100}`;
}
