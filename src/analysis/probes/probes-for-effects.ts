import type { CatalogColumn, CatalogConstraint, CatalogIndex, CatalogObjects, QualifiedName } from '../../catalog/catalog-snapshot.js';
import { enumTypeName } from '../../catalog/enum-type-name.js';
import type { Statement } from '../../sql/statement.js';
import { checkExpression } from '../../sql/check-expression.js';
import { quoteIdentifier } from '../../sql/quote-identifier.js';
import type { AttributedEffect } from '../effects/attribute-effects.js';
import { castOnlyUsing } from '../../sql/cast-only-using.js';
import type { ProbeOrigin, ProbeRequest, SkippedProbe } from './probe-request.js';
import { conversionCheck } from './type-conversion.js';
import { columnLookup } from './column-lookup.js';
import { domainProbes, retypedToDomain, type DomainProbeContext } from './domain-probes.js';
import { exclusionProbe } from './exclusion-probe.js';
import { addedColumnExpression, castExpression, conversionExpression } from './expression-probes.js';
import { usingExpression } from '../../sql/using-expression.js';
import { distinctRequests } from './distinct-requests.js';
import { partitionBoundProbes } from './partition-bound-probe.js';

import { notNullSetAfterAdd } from './added-column-not-null.js';

export interface ProbePlanInput {
  readonly migration: { readonly id: string; readonly path: string };
  readonly effects: readonly AttributedEffect[];
  readonly statements: readonly Statement[];
  /** The target as it is now: probes only ask about tables and columns it has. */
  readonly target: CatalogObjects;
  readonly targetServerVersionNum: number;
  /** The shadow after the migration: enum labels, indexes behind constraints. */
  readonly after: CatalogObjects;
  /** Makes request ids unique across migrations. */
  readonly idPrefix: string;
}

export interface ProbePlan {
  readonly requests: readonly ProbeRequest[];
  readonly skipped: readonly SkippedProbe[];
}

/**
 * Turns what a migration changes into questions for the target's rows: each tightening effect
 * (CHECK, NOT NULL, UNIQUE, FK, enum labels, type) becomes a request, on tables and columns that
 * exist on the target today. A table the migration creates holds no rows yet, so it asks nothing.
 */
export function probesForEffects(input: ProbePlanInput): ProbePlan {
  const requests: ProbeRequest[] = [];
  const skipped: SkippedProbe[] = [];
  const { tableOnTarget, columnOnTarget, columnAdded, addedOf, targetColumns } = columnLookup(input.target, input.after);
  const add = (request: DistributiveOmit<ProbeRequest, 'id'>): void => {
    requests.push({ ...request, id: `${input.idPrefix}${requests.length}` } as ProbeRequest);
  };

  for (const { effect, source } of input.effects) {
    const origin: ProbeOrigin = {
      migration: input.migration.id,
      file: input.migration.path,
      ...(source ? { line: source.line, column: source.column } : {}),
    };
    const skip = (table: QualifiedName, what: string, reason: string): void => {
      skipped.push({ table, what, reason, origin });
    };
    const domains: DomainProbeContext = { target: input.target, after: input.after, origin, add, skip: (s) => skipped.push(s) };
    /** Columns of `table` missing on the target, or undefined when the table itself is new. */
    const missingColumns = (table: QualifiedName, columns: readonly string[]): string[] | undefined =>
      tableOnTarget(table) ? columns.filter((c) => !columnOnTarget(table, c)) : undefined;

    const constraintProbe = (constraint: CatalogConstraint): void => {
      const table = { schema: constraint.schema, name: constraint.table };
      const missing = missingColumns(table, constraint.columns);
      if (missing === undefined) return;
      const unknown = missing.filter((c) => !columnAdded(table, c));
      if (unknown.length) {
        skip(table, `${constraint.type} ${constraint.name}`, `column ${unknown.join(', ')} does not exist on the target yet`);
        return;
      }
      const added = addedOf(table, missing);
      if (constraint.type === 'check') {
        add({
          kind: 'check',
          table,
          origin,
          constraint: constraint.name,
          expression: checkExpression(constraint.definition),
          columns: constraint.columns,
          notValid: !constraint.validated,
          ...added,
        });
      } else if (constraint.type === 'foreign-key' && constraint.foreignKey) {
        const fk = constraint.foreignKey;
        const parentMissing = missingColumns(fk.referencedTable, fk.referencedColumns);
        if (parentMissing === undefined || parentMissing.length) {
          skip(
            table,
            `foreign key ${constraint.name}`,
            `the referenced table ${fk.referencedTable.name} is created or changed by a pending migration`,
          );
          return;
        }
        add({
          kind: 'foreign-key',
          table,
          origin,
          constraint: constraint.name,
          columns: constraint.columns,
          referencedTable: fk.referencedTable,
          referencedColumns: fk.referencedColumns,
          match: fk.match,
          notValid: !constraint.validated,
          ...added,
        });
      } else if (constraint.type === 'exclusion' && constraint.exclusion) {
        const request = exclusionProbe(constraint, constraint.exclusion, table, input.target, input.after);
        if ('skip' in request) skip(table, `exclusion constraint ${constraint.name}`, request.skip);
        else add({ ...request, origin, ...added });
      } else if (constraint.type === 'unique' || constraint.type === 'primary-key') {
        const index = input.after.indexes.find(
          (i) => i.schema === constraint.schema && i.table === constraint.table && i.constraint === constraint.name,
        );
        if (index) uniqueProbe(index);
        if (constraint.type === 'primary-key') {
          for (const column of constraint.columns) {
            if (!columnOnTarget(table, column)?.notNull)
              add({
                kind: 'not-null',
                table,
                origin,
                column,
                reason: 'primary-key',
                constraint: constraint.name,
                ...addedOf(table, [column]),
              });
          }
        }
      }
    };

    const uniqueProbe = (index: CatalogIndex): void => {
      const table = { schema: index.schema, name: index.table };
      if (!tableOnTarget(table)) return;
      // ON ONLY a partitioned table (or ALTER TABLE ONLY … ADD UNIQUE): an invalid index of the parent alone, no row read.
      if (!index.valid && input.after.tables.some((t) => t.schema === index.schema && t.name === index.table && t.kind === 'partitioned'))
        return;
      const keys = index.columns.map((key) =>
        columnOnTarget(table, key) || columnAdded(table, key) ? { column: key } : { expression: key },
      );
      const unknown = index.columns.filter(
        (key) =>
          input.after.columns.some((c) => c.schema === index.schema && c.table === index.table && c.name === key) &&
          !columnOnTarget(table, key) &&
          !columnAdded(table, key),
      );
      if (unknown.length) {
        skip(table, `unique index ${index.name}`, `column ${unknown.join(', ')} does not exist on the target yet`);
        return;
      }
      add({
        kind: 'unique',
        table,
        origin,
        name: index.constraint ?? index.name,
        keys,
        predicate: index.predicate,
        nullsNotDistinct: index.nullsNotDistinct,
        ...addedOf(table, index.columns),
      });
    };

    const bounds = partitionBoundProbes(effect, input.target, input.after);
    for (const request of bounds.requests) add({ ...request, origin });
    for (const s of bounds.skipped) skip(s.table, s.what, s.reason);

    /** A column an earlier pending migration adds, made NOT NULL or an enum here: probed over the modelled rows. */
    const addedColumnChanged = (after: CatalogColumn, changes: readonly string[]): void => {
      const table = { schema: after.schema, name: after.table };
      const enumType = input.after.enums.find((e) => enumTypeName(e) === after.type);
      const added = { added: [after.name] };
      if (changes.includes('set-not-null') && after.notNull)
        add({ kind: 'not-null', table, origin, column: after.name, reason: 'set-not-null', ...added });
      if (changes.includes('type') && enumType)
        add({ kind: 'enum', table, origin, column: after.name, type: after.type, allowed: enumType.labels, removed: [], ...added });
      else if (changes.includes('type') || !changes.includes('set-not-null'))
        skip(table, `column ${after.name}`, 'the column does not exist on the target yet');
    };

    switch (effect.kind) {
      case 'constraint-added':
      case 'constraint-validated':
        constraintProbe(effect.constraint);
        break;
      case 'constraint-replaced':
        constraintProbe(effect.after);
        break;
      case 'index-added':
        if (effect.index.unique && !effect.index.constraint) uniqueProbe(effect.index);
        break;
      case 'index-replaced':
        if (effect.after.unique && !effect.after.constraint) uniqueProbe(effect.after);
        break;
      case 'column-added': {
        const column = effect.column;
        const table = { schema: column.schema, name: column.table };
        if (column.notNull && column.identity === null && column.generated === null && tableOnTarget(table)) {
          // Added nullable (with a default or not), then SET NOT NULL: the rows that statement meets must hold a value.
          const setAt = notNullSetAfterAdd(input.statements, table, column.name);
          if (setAt) {
            const at = { ...origin, line: setAt.line, column: setAt.column };
            add({ kind: 'not-null', table, origin: at, column: column.name, reason: 'set-not-null', added: [column.name] });
          } else if (column.default === null) add({ kind: 'not-null', table, origin, column: column.name, reason: 'new-column' });
        }
        const computed = tableOnTarget(table) ? addedColumnExpression(column, targetColumns(table)) : undefined;
        if (computed) add({ ...computed, table, origin });
        break;
      }
      case 'column-changed': {
        const table = { schema: effect.after.schema, name: effect.after.table };
        const current = columnOnTarget(table, effect.after.name);
        if (!current) {
          if (tableOnTarget(table)) addedColumnChanged(effect.after, effect.changes);
          break;
        }
        if (effect.changes.includes('set-not-null') && !current.notNull) {
          add({ kind: 'not-null', table, origin, column: current.name, reason: 'set-not-null' });
        }
        if (effect.changes.includes('type') && current.type !== effect.after.type) {
          const statement = source ? input.statements[source.statementIndex] : undefined;
          if (!castOnlyUsing(statement, current.name)) {
            const using = usingExpression(statement, current.name);
            if (using) {
              const conversion = conversionExpression(
                current.name,
                using,
                effect.after.type,
                input.targetServerVersionNum,
                targetColumns(table),
              );
              add({ ...conversion, table, origin });
            } else skip(table, `type change of ${current.name}`, 'its USING expression could not be read from the statement');
            break;
          }
          if (retypedToDomain(domains, table, current, effect.after.type)) break;
          const enumType = input.after.enums.find((e) => enumTypeName(e) === effect.after.type);
          if (enumType) {
            add({ kind: 'enum', table, origin, column: current.name, type: effect.after.type, allowed: enumType.labels, removed: [] });
            break;
          }
          const conversion = conversionCheck({
            column: quoteIdentifier(current.name),
            fromType: current.type,
            toType: effect.after.type,
            serverVersionNum: input.targetServerVersionNum,
          });
          if (conversion.kind === 'predicate') {
            add({
              kind: 'type',
              table,
              origin,
              column: current.name,
              fromType: current.type,
              toType: effect.after.type,
              violation: conversion.sql,
            });
          } else if (conversion.kind === 'cannot-check') {
            // No predicate on this server: the cast itself is evaluated over the rows.
            add({ ...castExpression(current.name, effect.after.type, input.targetServerVersionNum), table, origin });
          }
        }
        break;
      }
      case 'enum-values-removed':
        for (const ref of effect.columns) {
          const table = { schema: ref.schema, name: ref.table };
          if (!columnOnTarget(table, ref.column)) continue;
          add({
            kind: 'enum',
            table,
            origin,
            column: ref.column,
            type: enumTypeName(effect.after),
            allowed: effect.after.labels,
            removed: effect.removed,
          });
        }
        break;
      default:
        domainProbes(effect, domains);
        break;
    }
  }
  return { requests: distinctRequests(requests, input.after), skipped };
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
