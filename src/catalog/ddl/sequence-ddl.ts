import type { CatalogObjects, CatalogSequence } from '../catalog-snapshot.js';
import { ident, qualified } from './ddl-names.js';
import { DdlPhase, step, type DdlContext, type DdlStep } from './ddl-step.js';

const RANGE: Readonly<Record<string, readonly [string, string]>> = {
  smallint: ['-32768', '32767'],
  integer: ['-2147483648', '2147483647'],
  bigint: ['-9223372036854775808', '9223372036854775807'],
};

/**
 * The options of a sequence that differ from what PostgreSQL picks for its type and direction:
 * `START WITH 1000 CACHE 20`. Empty when all are the defaults, so a plain SERIAL reads plainly.
 */
export function sequenceOptions(sequence: CatalogSequence, ofType = sequence.type): string[] {
  const [typeMin, typeMax] = RANGE[ofType] ?? RANGE.bigint!;
  const ascending = !sequence.increment.startsWith('-');
  const min = ascending ? '1' : typeMin;
  const max = ascending ? typeMax : '-1';
  const options: string[] = [];
  if (sequence.increment !== '1') options.push(`INCREMENT BY ${sequence.increment}`);
  if (sequence.min !== min) options.push(`MINVALUE ${sequence.min}`);
  if (sequence.max !== max) options.push(`MAXVALUE ${sequence.max}`);
  if (sequence.start !== (ascending ? sequence.min : sequence.max)) options.push(`START WITH ${sequence.start}`);
  if (sequence.cache !== '1') options.push(`CACHE ${sequence.cache}`);
  if (sequence.cycle) options.push('CYCLE');
  return options;
}

/** `CREATE SEQUENCE`, without OWNED BY: the owning column may not exist yet (see ownedBySteps). */
export function createSequence(sequence: CatalogSequence): DdlStep {
  const options = sequenceOptions(sequence);
  return step(
    DdlPhase.createSequence,
    `CREATE SEQUENCE ${qualified(sequence)} AS ${sequence.type}${options.map((o) => ` ${o}`).join('')};`,
  );
}

export function ownedBy(sequence: CatalogSequence): DdlStep[] {
  if (!sequence.ownedBy || sequence.identity) return [];
  const { schema, table, column } = sequence.ownedBy;
  return [
    step(DdlPhase.alterSequence, `ALTER SEQUENCE ${qualified(sequence)} OWNED BY ${qualified({ schema, name: table })}.${ident(column)};`),
  ];
}

/** The sequences SERIAL columns of a table own (identity sequences come with their column). */
export function ownedSequences(objects: CatalogObjects, table: { readonly schema: string; readonly name: string }): CatalogSequence[] {
  return objects.sequences.filter((s) => !s.identity && s.ownedBy?.schema === table.schema && s.ownedBy.table === table.name);
}

export function sequenceAdded(sequence: CatalogSequence): DdlStep[] {
  return [createSequence(sequence), ...ownedBy(sequence)];
}

export function sequenceDropped(sequence: CatalogSequence): DdlStep[] {
  return [step(DdlPhase.dropSequence, `DROP SEQUENCE ${qualified(sequence)};`)];
}

export function sequenceChanged(before: CatalogSequence, after: CatalogSequence, context: DdlContext): DdlStep[] {
  const options: string[] = [];
  if (before.type !== after.type) options.push(`AS ${after.type}`);
  for (const [key, clause] of [
    ['increment', 'INCREMENT BY'],
    ['min', 'MINVALUE'],
    ['max', 'MAXVALUE'],
    ['start', 'START WITH'],
    ['cache', 'CACHE'],
  ] as const) {
    if (before[key] !== after[key]) options.push(`${clause} ${after[key]}`);
  }
  if (before.cycle !== after.cycle) options.push(after.cycle ? 'CYCLE' : 'NO CYCLE');
  const steps: DdlStep[] = [];
  if (options.length) steps.push(step(DdlPhase.alterSequence, `ALTER SEQUENCE ${qualified(after)} ${options.join(' ')};`));
  const owner = (s: CatalogSequence): string => (s.ownedBy ? `${s.ownedBy.schema}.${s.ownedBy.table}.${s.ownedBy.column}` : '');
  const moved = before.ownedBy ? { ...before, ownedBy: { ...before.ownedBy, ...tableOf(context, before.ownedBy) } } : before;
  if (!after.identity && owner(moved) !== owner(after)) {
    steps.push(after.ownedBy ? ownedBy(after)[0]! : step(DdlPhase.alterSequence, `ALTER SEQUENCE ${qualified(after)} OWNED BY NONE;`));
  }
  return steps;
}

function tableOf(context: DdlContext, owner: { readonly schema: string; readonly table: string }): { schema: string; table: string } {
  const current = context.currentName({ schema: owner.schema, name: owner.table });
  return { schema: current.schema, table: current.name };
}
