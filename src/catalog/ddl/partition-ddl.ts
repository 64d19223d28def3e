import type { CatalogTable, QualifiedName } from '../catalog-snapshot.js';
import { qualified } from './ddl-names.js';
import { DdlPhase, step, type DdlStep } from './ddl-step.js';

/** ATTACH PARTITION with the bound the catalog printed (`FOR VALUES …` or `DEFAULT`). */
export function partitionAttached(table: CatalogTable, parent: QualifiedName): DdlStep[] {
  return [
    step(
      DdlPhase.attachPartition,
      `ALTER TABLE ${qualified(parent)} ATTACH PARTITION ${qualified(table)} ${table.partitionBound ?? 'DEFAULT'};`,
    ),
  ];
}

/** The table stays, with the constraints and indexes it inherited, now its own. */
export function partitionDetached(table: CatalogTable, parent: QualifiedName): DdlStep[] {
  return [step(DdlPhase.detachPartition, `ALTER TABLE ${qualified(parent)} DETACH PARTITION ${qualified(table)};`)];
}
