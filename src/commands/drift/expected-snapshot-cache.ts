import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CatalogSnapshot } from '../../catalog/catalog-snapshot.js';
import { PGLITE_VERSION } from '../../db/pglite-version.js';
import { codeFingerprint } from '../../core/code-fingerprint.js';

const KEEP = 20;

/**
 * The catalog snapshot of a cached embedded shadow, kept beside it: the schema a list of
 * migrations produces depends only on them, PGlite's version and the catalog code, so a warm
 * `drift` or `status` reads it from a file instead of starting PGlite. Written atomically; a
 * missing or unreadable file is simply made again.
 */
export class ExpectedSnapshotCache {
  private readonly file: string;

  constructor(cacheDir: string, replayKey: string, scope: unknown) {
    const key = createHash('sha256')
      .update(JSON.stringify([replayKey, scope, PGLITE_VERSION, codeFingerprint(['catalog'])]))
      .digest('hex')
      .slice(0, 32);
    this.file = path.join(path.resolve(cacheDir), 'snapshots', `${key}.json`);
  }

  read(): CatalogSnapshot | undefined {
    try {
      const snapshot = JSON.parse(readFileSync(this.file, 'utf8')) as CatalogSnapshot;
      // Used just now: the last to be evicted.
      const now = new Date();
      utimesSync(this.file, now, now);
      return snapshot;
    } catch {
      return undefined;
    }
  }

  write(snapshot: CatalogSnapshot): void {
    try {
      const dir = path.dirname(this.file);
      mkdirSync(dir, { recursive: true });
      const temp = `${this.file}.${process.pid}.tmp`;
      writeFileSync(temp, JSON.stringify(snapshot));
      renameSync(temp, this.file);
      evictOldest(dir);
    } catch {
      // A snapshot that cannot be kept only costs the next run its speed.
    }
  }
}

function evictOldest(dir: string): void {
  const files = readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .map((name) => ({ file: path.join(dir, name), at: statSync(path.join(dir, name)).mtimeMs }))
    .sort((a, b) => b.at - a.at);
  for (const { file } of files.slice(KEEP)) rmSync(file, { force: true });
}
