import type { CatalogEnum } from '../catalog-snapshot.js';
import { formattedTypeName } from '../diff/diff-enums.js';
import { quoteLiteral, quoteQualifiedName } from '../../sql/quote-identifier.js';
import { alterTable, ident, qualified } from './ddl-names.js';
import { DdlPhase, note, step, type DdlContext, type DdlStep } from './ddl-step.js';

const labelList = (labels: readonly string[]): string => labels.map(quoteLiteral).join(', ');

export function enumAdded(type: CatalogEnum): DdlStep[] {
  return [step(DdlPhase.changeEnum, `CREATE TYPE ${qualified(type)} AS ENUM (${labelList(type.labels)});`)];
}

export function enumDropped(type: CatalogEnum): DdlStep[] {
  return [step(DdlPhase.dropType, `DROP TYPE ${qualified(type)};`)];
}

/**
 * Each new label at its place in the order: BEFORE the next label that exists, else AFTER the
 * previous. A label added so cannot be used before the transaction commits (SQLSTATE 55P04), so
 * when the target schema uses one (a default, a CHECK, an index predicate, a view) the type is
 * rewritten instead, which a script can use at once.
 */
export function enumValuesAdded(before: CatalogEnum, after: CatalogEnum, context: DdlContext): DdlStep[] {
  if (
    usesLabels(
      after,
      after.labels.filter((l) => !before.labels.includes(l)),
      context,
    )
  )
    return enumRewritten(before, after, context);
  const present = new Set(before.labels);
  const steps: DdlStep[] = [];
  after.labels.forEach((label, i) => {
    if (present.has(label)) return;
    const next = after.labels.slice(i + 1).find((l) => present.has(l));
    const position = next !== undefined ? ` BEFORE ${quoteLiteral(next)}` : i > 0 ? ` AFTER ${quoteLiteral(after.labels[i - 1]!)}` : '';
    steps.push(step(DdlPhase.changeEnum, `ALTER TYPE ${qualified(after)} ADD VALUE ${quoteLiteral(label)}${position};`));
    present.add(label);
  });
  return steps;
}

export function enumValueRenamed(type: CatalogEnum, from: string, to: string): DdlStep[] {
  return [step(DdlPhase.changeEnum, `ALTER TYPE ${qualified(type)} RENAME VALUE ${quoteLiteral(from)} TO ${quoteLiteral(to)};`)];
}

/**
 * PostgreSQL cannot drop an enum label or reorder labels: the type is made again, as Prisma does —
 * a new type with the wanted labels, every column converted through text, the old type dropped and
 * the new one renamed. Defaults name the type, so they are dropped first and set again after.
 */
export function enumRewritten(before: CatalogEnum, after: CatalogEnum, context: DdlContext): DdlStep[] {
  const name = formattedTypeName(before);
  const staging = quoteQualifiedName(after.schema, `${after.name}_new`);
  const columns = context.from.columns
    .filter((c) => c.type === name || c.type === `${name}[]`)
    .map((c) => ({ column: c, table: context.currentName({ schema: c.schema, name: c.table }) }))
    .filter(({ table }) => context.to.tables.some((t) => t.schema === table.schema && t.name === table.name));
  const removed = before.labels.filter((l) => !after.labels.includes(l));
  const steps: DdlStep[] = [];
  if (removed.length && columns.length) {
    steps.push(
      note(
        DdlPhase.changeEnum,
        `rows holding ${removed.map(quoteLiteral).join(', ')} make the conversion fail (SQLSTATE 22P02): move them to another value first`,
      ),
    );
  }
  steps.push(step(DdlPhase.changeEnum, `CREATE TYPE ${staging} AS ENUM (${labelList(after.labels)});`));
  for (const { column, table } of columns) {
    const where = { schema: table.schema, table: table.name };
    const array = column.type.endsWith('[]') ? '[]' : '';
    const defaultAfter = context.to.columns.find(
      (c) => c.schema === table.schema && c.table === table.name && c.name === column.name,
    )?.default;
    if (column.default !== null)
      steps.push(step(DdlPhase.changeEnum, alterTable(where, `ALTER COLUMN ${ident(column.name)} DROP DEFAULT`)));
    steps.push(
      step(
        DdlPhase.changeEnum,
        alterTable(
          where,
          `ALTER COLUMN ${ident(column.name)} TYPE ${staging}${array} USING ${ident(column.name)}::text${array}::${staging}${array}`,
        ),
      ),
    );
    const restored = defaultAfter ?? column.default;
    if (restored) steps.push(step(DdlPhase.alterColumn, alterTable(where, `ALTER COLUMN ${ident(column.name)} SET DEFAULT ${restored}`)));
  }
  steps.push(step(DdlPhase.changeEnum, `DROP TYPE ${qualified(before)};`));
  steps.push(step(DdlPhase.changeEnum, `ALTER TYPE ${staging} RENAME TO ${ident(after.name)};`));
  return steps;
}

function usesLabels(type: CatalogEnum, labels: readonly string[], context: DdlContext): boolean {
  const casts = labels.map((label) => `${quoteLiteral(label)}::${formattedTypeName(type)}`);
  const texts = [
    ...context.to.columns.map((c) => c.default ?? ''),
    ...context.to.constraints.map((c) => c.definition),
    ...context.to.indexes.map((i) => i.definition),
    ...context.to.views.map((v) => v.definition),
    ...context.to.policies.map((p) => `${p.using ?? ''} ${p.withCheck ?? ''}`),
  ];
  return texts.some((text) => casts.some((cast) => text.includes(cast)));
}
