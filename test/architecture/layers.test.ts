import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// SPEC "Architecture": each layer imports only those below it. Same-rank folders are siblings and
// do not import each other either (report renders results; it must not run analysis).
const RANK: Readonly<Record<string, number>> = {
  core: 0,
  config: 1,
  sql: 2,
  db: 2,
  catalog: 3,
  migrations: 3,
  analysis: 4,
  report: 4,
  commands: 5,
  cli: 6,
};

// Packages a layer may import: drivers only in db/, the parser only in sql/, the CLI kit only in cli/.
const PACKAGE_HOME: Readonly<Record<string, readonly string[]>> = {
  pg: ['db'],
  'pg-connection-string': ['db'],
  '@electric-sql/pglite': ['db'],
  'libpg-query': ['sql'],
  'pgsql-deparser': ['sql'],
  commander: ['cli'],
  jiti: ['cli'],
  picocolors: ['cli', 'report'],
};

const SRC = path.resolve(import.meta.dirname, '../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.ts$/.test(entry) && !/\.test\.ts$/.test(entry) ? [full] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  const pattern = /(?:^|\n)\s*(?:import|export)\b[^'"`;]*?from\s*['"]([^'"]+)['"]|import\(\s*[`'"]([^`'"$]+)/g;
  for (const match of text.matchAll(pattern)) found.push((match[1] ?? match[2])!);
  return found;
}

function layerOf(file: string): string | undefined {
  const relative = path.relative(SRC, file).split(path.sep);
  return relative.length > 1 ? relative[0] : undefined;
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

describe('layering (SPEC "Architecture")', () => {
  const files = sourceFiles(SRC);

  it('finds the layered source tree', () => {
    const layers = new Set(files.map(layerOf).filter(Boolean));
    for (const layer of ['core', 'sql', 'db', 'migrations', 'catalog', 'commands', 'cli']) expect(layers).toContain(layer);
  });

  it('every folder under src/ has a rank', () => {
    const unknown = [...new Set(files.map(layerOf).filter((layer) => layer && !(layer in RANK)))];
    expect(unknown).toEqual([]);
  });

  it('no layer imports a higher or sibling layer', () => {
    const violations: string[] = [];
    for (const file of files) {
      const from = layerOf(file);
      if (!from) continue;
      for (const specifier of importsOf(file)) {
        if (!specifier.startsWith('.')) continue;
        const to = layerOf(path.resolve(path.dirname(file), specifier));
        if (!to || to === from) continue;
        if (RANK[to]! >= RANK[from]!) violations.push(`${path.relative(SRC, file)} imports ${specifier} (${from} → ${to})`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('drivers, the parser and the CLI kit are imported only in their own layer', () => {
    const violations: string[] = [];
    for (const file of files) {
      const from = layerOf(file) ?? '(root)';
      for (const specifier of importsOf(file)) {
        if (specifier.startsWith('.') || specifier.startsWith('node:')) continue;
        const home = PACKAGE_HOME[packageName(specifier)];
        if (home && !home.includes(from)) violations.push(`${path.relative(SRC, file)} imports ${specifier}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('detects a violation (the check itself works)', () => {
    // Guards against a regex that silently matches nothing.
    const sample = path.join(SRC, 'db', 'connect-target.ts');
    expect(importsOf(sample)).toContain('./postgres-client.js');
  });
});
