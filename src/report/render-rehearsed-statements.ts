import { lockStrength } from '../catalog/read-locks.js';
import type { Colors } from './colors.js';
import type { RehearsedStatement, StatementLock } from './rehearse-result.js';

const SHOWN = 12;

/**
 * The statements of one rehearsed migration, each with its duration, the strongest lock it took on
 * each relation that existed before (ACCESS EXCLUSIVE in red: reads and writes wait) and the tables
 * it rewrote. A long migration shows the statements that matter most, in file order.
 */
export function renderRehearsedStatements(statements: readonly RehearsedStatement[], c: Colors): string[] {
  const ranked = statements
    .map((statement, index) => ({ statement, index, weight: weight(statement) }))
    .sort((a, b) => b.weight - a.weight || a.index - b.index)
    .slice(0, SHOWN)
    .sort((a, b) => a.index - b.index);
  const lines = ranked.map(({ statement }) => {
    const parts = [c.dim(`line ${statement.line}`.padEnd(9)), `${Math.round(statement.ms)} ms`.padStart(7), ` ${shorten(statement.sql)}`];
    if (statement.outcome === 'failed') parts.push(`  ${c.red('failed')}`);
    if (statement.aloneBecause) parts.push(`  ${c.dim(`alone (${statement.aloneBecause})`)}`);
    const locks = strongestPerRelation(statement.locks ?? []);
    if (locks.length) {
      parts.push(
        `  ${locks
          .map((lock) => {
            const text = `${lock.mode} ${lock.relation} (held ${Math.round(lock.heldMs)} ms)`;
            return lock.mode === 'ACCESS EXCLUSIVE' ? c.red(c.bold(text)) : text;
          })
          .join(', ')}`,
      );
    }
    if (statement.rewrites.length) parts.push(`  ${c.yellow(`rewrites ${statement.rewrites.join(', ')}`)}`);
    return `      ${parts.join('')}`;
  });
  const hidden = statements.length - ranked.length;
  if (hidden > 0) lines.push(c.dim(`      … and ${hidden} more statement${hidden === 1 ? '' : 's'} (--format json lists all)`));
  return lines;
}

/** Per relation the strongest mode; relations the migration created are nobody else's to wait for; an index only when no table is locked. */
function strongestPerRelation(locks: readonly StatementLock[]): StatementLock[] {
  const existing = locks.filter((lock) => !lock.created);
  const tables = existing.filter((lock) => lock.kind !== 'index');
  const chosen = new Map<string, StatementLock>();
  for (const lock of tables.length ? tables : existing) {
    const previous = chosen.get(lock.relation);
    if (!previous || lockStrength(lock.mode) > lockStrength(previous.mode)) chosen.set(lock.relation, lock);
  }
  return [...chosen.values()].sort((a, b) => lockStrength(b.mode) - lockStrength(a.mode) || a.relation.localeCompare(b.relation));
}

function weight(statement: RehearsedStatement): number {
  const strongest = Math.max(-1, ...strongestPerRelation(statement.locks ?? []).map((lock) => lockStrength(lock.mode)));
  return (
    (statement.outcome === 'failed' ? 1e9 : 0) +
    (statement.rewrites.length ? 1e8 : 0) +
    (strongest + 1) * 1e7 +
    (statement.aloneBecause ? 1e6 : 0) +
    Math.min(statement.ms, 999_999)
  );
}

function shorten(sql: string): string {
  return sql.length > 60 ? `${sql.slice(0, 59)}…` : sql;
}
