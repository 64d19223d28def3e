import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ResolvedConfig } from '../config/config-schema.js';
import { jsonErrorOffset } from './json-error-offset.js';
import { PgPreflightError } from '../core/pgpreflight-error.js';

export const CONFIG_FILE_NAMES = [
  'pgpreflight.config.ts',
  'pgpreflight.config.mts',
  'pgpreflight.config.js',
  'pgpreflight.config.mjs',
  'pgpreflight.config.cjs',
  'pgpreflight.config.json',
] as const;

export interface LoadedConfig {
  readonly config: ResolvedConfig;
  /** Absolute path of the file, or undefined when there is none (an empty config). */
  readonly file: string | undefined;
  /** Relative paths in the config are relative to this folder. */
  readonly dir: string;
}

/**
 * Finds the config in the `--dir` project or its parents, else in `cwd` or its parents (stopping at
 * a package.json or .git, the project's root), unless `--config` names one, and loads TypeScript
 * without a build step (jiti).
 */
export async function loadConfig(cwd: string, explicit?: string, projectDir?: string): Promise<LoadedConfig> {
  // With --dir, the project named there is searched first: its config belongs to it.
  const file = explicit ? path.resolve(cwd, explicit) : ((projectDir ? findConfigFile(projectDir) : undefined) ?? findConfigFile(cwd));
  if (explicit && !existsSync(file!)) {
    throw new PgPreflightError('CONFIG_NOT_FOUND', `--config ${explicit}: no such file`, {
      hint: `create it, or omit --config to use ${CONFIG_FILE_NAMES[0]} from the project root`,
    });
  }
  // No config file: nothing to validate, and zod (~100 ms to load) is not needed.
  if (!file) return { config: {}, file: undefined, dir: cwd };
  const display = path.relative(cwd, file) || file;
  const raw = file.endsWith('.json') ? readJson(file, display) : await importModule(file, display);
  const { validateConfig } = await import('../config/validate-config.js');
  return { config: validateConfig(raw, display), file, dir: path.dirname(file) };
}

function findConfigFile(cwd: string): string | undefined {
  let dir = path.resolve(cwd);
  while (true) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = path.join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
    const atRoot = existsSync(path.join(dir, 'package.json')) || existsSync(path.join(dir, '.git'));
    const parent = path.dirname(dir);
    if (atRoot || parent === dir) return undefined;
    dir = parent;
  }
}

function readJson(file: string, display: string): unknown {
  const text = readFileSync(file, 'utf8');
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    // V8 gives a position for some errors only; the reader finds it for the rest.
    const stated = /position (\d+)/.exec(message)?.[1];
    const position = stated !== undefined ? Number(stated) : jsonErrorOffset(text);
    const at = position < 0 ? '' : `:${lineColumn(text, position)}`;
    throw new PgPreflightError('CONFIG_SYNTAX', `${display}${at}: invalid JSON (${message.split('\n')[0]})`, {
      hint: 'fix the syntax error at that position',
    });
  }
}

async function importModule(file: string, display: string): Promise<unknown> {
  const { createJiti } = await import('jiti');
  const jiti = createJiti(import.meta.url, { moduleCache: false, fsCache: false, interopDefault: true });
  try {
    const module = (await jiti.import(file)) as { default?: unknown } | unknown;
    return module && typeof module === 'object' && 'default' in module ? (module as { default: unknown }).default : module;
  } catch (error) {
    throw describeLoadError(error, display, file);
  }
}

function describeLoadError(error: unknown, display: string, file: string): PgPreflightError {
  const err = error as { message?: string; loc?: { line: number; column: number }; name?: string };
  const message = err.message ?? String(error);
  const firstLine = message
    .split('\n')[0]!
    .replace(/^(?:\w*Error:\s*)+/, '')
    .trim();
  const isSyntax = err.name === 'SyntaxError' || /ParseError|SyntaxError|Unexpected token/.test(message);
  // jiti (babel) puts "<file>:<line>:<column>" on the message's second line.
  const at = new RegExp(`${escapeRegExp(file)}:(\\d+):(\\d+)`).exec(message);
  const loc = err.loc ? `:${err.loc.line}:${err.loc.column + 1}` : at ? `:${at[1]}:${at[2]}` : '';
  return new PgPreflightError(
    isSyntax ? 'CONFIG_SYNTAX' : 'CONFIG_INVALID',
    `${display}${loc}: ${isSyntax ? 'syntax error: ' : 'failed to load: '}${firstLine}`,
    {
      hint: isSyntax ? 'fix the syntax error at that position' : 'fix the error in the config file (run with --debug for the stack)',
      cause: error,
    },
  );
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return `${line}:${column}`;
}
