import { quoteLiteral } from '../../sql/quote-identifier.js';
import type { CatalogFunction } from '../catalog-snapshot.js';
import { ident, qualified } from './ddl-names.js';
import { DdlPhase, note, step, type DdlStep } from './ddl-step.js';

// Settings whose value is a list: proconfig stores `search_path=a, b`, which must be set as a list.
const LIST_SETTINGS = new Set(['search_path', 'temp_tablespaces', 'local_preload_libraries', 'session_preload_libraries']);

/** `DROP FUNCTION "s"."f"(integer, text)` (or PROCEDURE / AGGREGATE). */
export function dropRoutine(fn: CatalogFunction): string {
  const word = fn.kind === 'procedure' ? 'PROCEDURE' : fn.kind === 'aggregate' ? 'AGGREGATE' : 'FUNCTION';
  return `DROP ${word} ${qualified(fn)}(${fn.identityArguments});`;
}

/**
 * CREATE OR REPLACE from the catalog: arguments with their defaults, result, language, volatility,
 * strictness, SECURITY DEFINER, SET clauses and the body verbatim, dollar-quoted with a tag the
 * body does not contain. A SQL-standard body (BEGIN ATOMIC / RETURN) is written as such.
 */
export function createRoutine(fn: CatalogFunction): string {
  const procedure = fn.kind === 'procedure';
  const lines = [`CREATE OR REPLACE ${procedure ? 'PROCEDURE' : 'FUNCTION'} ${qualified(fn)}(${fn.arguments})`];
  if (!procedure && fn.returns !== null) lines.push(` RETURNS ${fn.returns}`);
  const attributes = [`LANGUAGE ${ident(fn.language)}`];
  if (fn.kind === 'window') attributes.push('WINDOW');
  if (!procedure) {
    attributes.push(fn.volatility.toUpperCase());
    if (fn.strict) attributes.push('STRICT');
  }
  if (fn.securityDefiner) attributes.push('SECURITY DEFINER');
  lines.push(` ${attributes.join(' ')}`);
  for (const setting of fn.config) lines.push(` ${setClause(setting)}`);
  lines.push(hasStandardBody(fn) ? fn.source : `AS ${dollarQuote(fn.source)}`);
  return `${lines.join('\n')};`;
}

/** A SQL-standard body (PostgreSQL 14+): prosqlbody deparsed, which neither prosrc form can start with. */
export function hasStandardBody(fn: CatalogFunction): boolean {
  return fn.language === 'sql' && /^(BEGIN ATOMIC\b|RETURN\b)/.test(fn.source);
}

/**
 * Functions come before the tables (a DEFAULT or CHECK may call one), with check_function_bodies
 * off as pg_dump does; a SQL-standard body is checked anyway, so it comes after the tables.
 */
export function functionAdded(fn: CatalogFunction): DdlStep[] {
  const phase = hasStandardBody(fn) ? DdlPhase.createStandardBodyFunction : DdlPhase.createFunction;
  if (fn.kind === 'aggregate') {
    return [
      note(
        phase,
        `aggregate ${fn.schema}.${fn.name}(${fn.identityArguments}): its CREATE AGGREGATE is not in the catalog snapshot; copy it from the migration that created it`,
      ),
    ];
  }
  return [step(phase, createRoutine(fn))];
}

export function functionDropped(fn: CatalogFunction): DdlStep[] {
  return [step(DdlPhase.dropFunction, dropRoutine(fn))];
}

/**
 * CREATE OR REPLACE keeps what depends on the function (triggers, defaults) but cannot change its
 * result type, kind, or its parameters' names and defaults: then it is dropped and created again.
 */
export function functionReplaced(before: CatalogFunction, after: CatalogFunction): DdlStep[] {
  const inPlace = before.kind === after.kind && before.returns === after.returns && before.arguments === after.arguments;
  if (inPlace) return functionAdded(after);
  return [step(DdlPhase.dropReplacedFunction, dropRoutine(before)), ...functionAdded(after)];
}

function setClause(setting: string): string {
  const at = setting.indexOf('=');
  const name = setting.slice(0, at);
  const value = setting.slice(at + 1);
  const values = LIST_SETTINGS.has(name) ? splitList(value) : [value];
  return `SET ${name} TO ${values.map(quoteLiteral).join(', ')}`;
}

/** `"$user", public` → ['$user', 'public']: commas outside double quotes, quotes removed. */
function splitList(value: string): string[] {
  const items: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    if (ch === '"') {
      if (quoted && value[i + 1] === '"') {
        current += '"';
        i++;
      } else quoted = !quoted;
    } else if (ch === ',' && !quoted) {
      items.push(current.trim());
      current = '';
    } else current += ch;
  }
  items.push(current.trim());
  return items;
}

function dollarQuote(body: string): string {
  let tag = 'function';
  for (let i = 1; body.includes(`$${tag}$`); i++) tag = `function${i}`;
  return `$${tag}$${body}$${tag}$`;
}
