import type { CatalogObjects } from '../../catalog/catalog-snapshot.js';
import type { Finding } from '../../core/finding.js';
import type { DatabaseClient } from '../../db/database-client.js';
import type { AttributedEffect } from '../effects/attribute-effects.js';
import { droppedReferenceFindings } from './dropped-references.js';
import { loadRoutines, routineIdentity } from './routines.js';
import { writerFindings } from './writer-findings.js';

export interface WriterAnalysisInput {
  readonly migration: { readonly id: string; readonly path: string };
  readonly effects: readonly AttributedEffect[];
  /** The shadow's catalog after the migration, and the shadow itself to evaluate values on. */
  readonly after: CatalogObjects;
  readonly shadow: DatabaseClient;
  /** The target's catalog: its functions and triggers count where no pending migration changes them. */
  readonly target?: CatalogObjects;
  /** Functions created or replaced by the pending migrations up to and including this one. */
  readonly touchedByPending: ReadonlySet<string>;
}

const RELEVANT = new Set([
  'constraint-added',
  'constraint-replaced',
  'constraint-validated',
  'enum-values-removed',
  'column-changed',
  'column-added',
  'column-dropped',
  'column-renamed',
  'table-dropped',
  'table-renamed',
  'function-added',
  'function-replaced',
]);

/**
 * What the database's own code will do once the migration is deployed: functions and triggers that
 * write a value the new rules reject, or still name a column or table the migration drops or renames.
 * PostgreSQL tracks neither: the DDL succeeds and the next call fails.
 */
export async function analyseWriters(input: WriterAnalysisInput): Promise<Finding[]> {
  if (!input.effects.some((e) => RELEVANT.has(e.effect.kind))) return [];
  const { routines, triggers } = await loadRoutines(input.after, input.target, input.touchedByPending);
  const changedHere = new Set(
    input.effects.flatMap(({ effect }) =>
      effect.kind === 'function-added'
        ? [routineIdentity(effect.function)]
        : effect.kind === 'function-replaced'
          ? [routineIdentity(effect.after)]
          : [],
    ),
  );
  const context = { ...input, routines, triggers, changedHere };
  return [...(await writerFindings(context)), ...droppedReferenceFindings(context)];
}
