import { PgPreflightError } from '../core/pgpreflight-error.js';
import type { PgTool } from './find-pg-tool.js';
import { failureLine, runPgTool } from './run-pg-tool.js';

/** One line of `pg_restore --list`: an object the archive would restore. */
export interface ArchiveEntry {
  readonly id: number;
  /** TABLE, TABLE DATA, INDEX, FK CONSTRAINT, … */
  readonly type: string;
  /** The rest of the line: schema, name and owner. */
  readonly object: string;
}

export interface ArchiveListing {
  /** "TOC Entries" from the header: every entry, including the ones --list does not show. */
  readonly tocEntries: number;
  readonly entries: readonly ArchiveEntry[];
  /** "Dumped by pg_dump version". */
  readonly dumpedBy?: string;
  readonly database?: string;
}

// Entry types of more than one word (pg_dump's dumpTableData, dumpSequenceData, dumpConstraint, …).
const MULTI_WORD_TYPES = [
  'MATERIALIZED VIEW DATA',
  'MATERIALIZED VIEW',
  'TABLE DATA',
  'SEQUENCE SET',
  'SEQUENCE OWNED BY',
  'FK CONSTRAINT',
  'CHECK CONSTRAINT',
  'DEFAULT ACL',
  'FOREIGN TABLE',
  'FOREIGN DATA WRAPPER',
  'USER MAPPING',
  'EVENT TRIGGER',
  'LARGE OBJECT',
  'ACCESS METHOD',
  'OPERATOR CLASS',
  'OPERATOR FAMILY',
  'PUBLICATION TABLE',
  'PUBLICATION TABLES IN SCHEMA',
  'ROW SECURITY',
  'TEXT SEARCH CONFIGURATION',
  'TEXT SEARCH DICTIONARY',
  'TEXT SEARCH PARSER',
  'TEXT SEARCH TEMPLATE',
];

/**
 * Reads an archive's table of contents with `pg_restore --list`: the proof that a file is a
 * complete custom-format archive (pg_restore reads the whole TOC and fails on a truncated one).
 */
export async function listArchive(tool: PgTool, file: string, env: Readonly<Record<string, string>>): Promise<ArchiveListing> {
  const run = await runPgTool(tool.path, ['--list', '--', file], { env });
  if (run.code !== 0) {
    throw new PgPreflightError('BACKUP_INVALID', `${file}: not a readable pg_dump archive: ${failureLine(run, 'pg_restore')}`, {
      hint: 'give a file written by pg_dump --format=custom (pgpreflight backup writes one)',
    });
  }
  const entries: ArchiveEntry[] = [];
  let tocEntries = 0;
  let dumpedBy: string | undefined;
  let database: string | undefined;
  for (const line of run.stdout.split('\n')) {
    const header = /^;\s+(TOC Entries|Dumped by pg_dump version|dbname):\s*(.*)$/.exec(line);
    if (header) {
      if (header[1] === 'TOC Entries') tocEntries = Number(header[2]);
      else if (header[1] === 'dbname') database = header[2];
      else dumpedBy = header[2];
      continue;
    }
    // "214; 1259 20600 TABLE public a postgres": dump id; catalog oid, object oid, type, the rest.
    const entry = /^(\d+);\s+\d+\s+\d+\s+(.*)$/.exec(line);
    if (!entry) continue;
    const rest = entry[2]!;
    const type = MULTI_WORD_TYPES.find((t) => rest.startsWith(`${t} `)) ?? rest.split(' ')[0]!;
    entries.push({ id: Number(entry[1]), type, object: rest.slice(type.length).trim() });
  }
  if (tocEntries === 0) {
    throw new PgPreflightError('BACKUP_INVALID', `${file}: pg_restore --list shows no table of contents`, {
      hint: 'the archive is empty or truncated; take the backup again',
    });
  }
  return { tocEntries, entries, ...(dumpedBy ? { dumpedBy } : {}), ...(database ? { database } : {}) };
}

export interface RestoreArchiveOptions {
  readonly tool: PgTool;
  readonly file: string;
  /** From libpqEnvironment: server, user and password of the destination. */
  readonly env: Readonly<Record<string, string>>;
  readonly database: string;
  /** Drop the archive's objects before recreating them. */
  readonly clean?: boolean;
  /** Do not restore ownership: for a destination without the source's roles. */
  readonly noOwner?: boolean;
  readonly targetLabel: string;
}

/**
 * `pg_restore` into `database`, in one transaction and stopping at the first error, so a failed
 * restore leaves the destination as it was instead of half restored.
 */
export async function restoreArchive(options: RestoreArchiveOptions): Promise<void> {
  const args = [
    '--no-password',
    '--exit-on-error',
    '--single-transaction',
    // Only the name: host, user and password come from the environment.
    `--dbname=dbname=${conninfoValue(options.database)}`,
    ...(options.clean ? ['--clean', '--if-exists'] : []),
    ...(options.noOwner ? ['--no-owner'] : []),
    '--',
    options.file,
  ];
  const run = await runPgTool(options.tool.path, args, { env: options.env });
  if (run.code === 0) return;
  throw new PgPreflightError('RESTORE_FAILED', `pg_restore into ${options.targetLabel} failed: ${failureLine(run, 'pg_restore')}`, {
    hint: 'the restore ran in one transaction and was rolled back; fix the cause above (with --no-owner when the roles differ) and run it again',
  });
}

function conninfoValue(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
