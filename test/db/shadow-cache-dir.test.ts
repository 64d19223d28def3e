import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultCacheDir } from '../../src/db/shadow-cache-dir.js';

describe('defaultCacheDir', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'pgpreflight-cache-dir-test-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('uses node_modules/.cache/pgpreflight when the project has node_modules', () => {
    const project = path.join(root, 'with-node-modules');
    mkdirSync(path.join(project, 'node_modules'), { recursive: true });
    expect(defaultCacheDir(project, {})).toBe(path.join(project, 'node_modules', '.cache', 'pgpreflight'));
  });

  it('falls back to a folder in the system temp directory', () => {
    const project = path.join(root, 'plain');
    mkdirSync(project, { recursive: true });
    const dir = defaultCacheDir(project, {});
    expect(path.dirname(dir)).toBe(os.tmpdir());
    expect(path.basename(dir)).toMatch(/^pgpreflight-cache-/);
  });

  it('is overridden by PGPREFLIGHT_CACHE_DIR, relative to the project', () => {
    const project = path.join(root, 'with-node-modules');
    expect(defaultCacheDir(project, { PGPREFLIGHT_CACHE_DIR: '/var/cache/pgp' })).toBe(path.resolve('/var/cache/pgp'));
    expect(defaultCacheDir(project, { PGPREFLIGHT_CACHE_DIR: '.cache' })).toBe(path.join(project, '.cache'));
    expect(defaultCacheDir(project, { PGPREFLIGHT_CACHE_DIR: ' ' })).toBe(path.join(project, 'node_modules', '.cache', 'pgpreflight'));
  });
});
