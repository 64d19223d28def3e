import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Finding } from '../core/finding.js';
import { codeFingerprint } from './code-fingerprint.js';

/**
 * Findings of files linted on their own (no target, no pending batch), keyed by the file's
 * content, the options, and the code of the rules and the parser themselves: a file lints the same
 * until one of them changes, so a second run skips parsing it. One JSON file per code version,
 * replaced atomically; a broken or missing cache is simply rebuilt.
 */
export class LintCache {
  private readonly file: string;
  private readonly entries: Record<string, CacheEntry>;
  private dirty = false;

  constructor(
    private readonly dir: string,
    private readonly optionsKey: string,
  ) {
    // The rules' and the parser's own code: a change to either relints everything.
    this.file = path.join(dir, `lint-${codeFingerprint(['analysis/lint', 'sql'])}.json`);
    this.entries = readEntries(this.file);
  }

  key(sql: string): string {
    return createHash('sha256').update(this.optionsKey).update('\0').update(sql).digest('hex');
  }

  get(key: string, file: string): { statements: number; findings: Finding[] } | undefined {
    const entry = this.entries[key];
    return entry && { statements: entry.statements, findings: entry.findings.map((finding) => ({ ...finding, file })) };
  }

  set(key: string, statements: number, findings: readonly Finding[]): void {
    this.entries[key] = { statements, findings: findings.map(({ file: _file, ...rest }) => rest) };
    this.dirty = true;
  }

  save(): void {
    if (!this.dirty) return;
    try {
      mkdirSync(this.dir, { recursive: true });
      // Entries of older code versions are useless: only the current file is kept.
      for (const old of readdirSync(this.dir))
        if (/^lint-[0-9a-f]+\.json$/.test(old) && path.join(this.dir, old) !== this.file) writeFileSync(path.join(this.dir, old), '{}');
      const temp = `${this.file}.${process.pid}.tmp`;
      writeFileSync(temp, JSON.stringify(this.entries));
      renameSync(temp, this.file);
    } catch {
      // A cache that cannot be written only costs the next run its speed.
    }
  }
}

interface CacheEntry {
  readonly statements: number;
  readonly findings: readonly Omit<Finding, 'file'>[];
}

function readEntries(file: string): Record<string, CacheEntry> {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, CacheEntry>) : {};
  } catch {
    return {};
  }
}
