import type { CatalogExtension } from '../catalog-snapshot.js';
import { quoteLiteral } from '../../sql/quote-identifier.js';
import { ident } from './ddl-names.js';
import { DdlPhase, step, type DdlStep } from './ddl-step.js';

export function schemaAdded(schema: string): DdlStep[] {
  return [step(DdlPhase.createSchema, `CREATE SCHEMA ${ident(schema)};`)];
}

export function schemaDropped(schema: string): DdlStep[] {
  return [step(DdlPhase.dropSchema, `DROP SCHEMA ${ident(schema)};`)];
}

/** Without VERSION: the server installs its default version, which is what CREATE EXTENSION in a migration does. */
export function extensionAdded(extension: CatalogExtension): DdlStep[] {
  return [
    step(DdlPhase.createExtension, `CREATE EXTENSION IF NOT EXISTS ${ident(extension.name)} WITH SCHEMA ${ident(extension.schema)};`),
  ];
}

export function extensionDropped(extension: CatalogExtension): DdlStep[] {
  return [step(DdlPhase.dropExtension, `DROP EXTENSION ${ident(extension.name)};`)];
}

export function extensionChanged(before: CatalogExtension, after: CatalogExtension): DdlStep[] {
  const steps: DdlStep[] = [];
  if (before.schema !== after.schema) {
    steps.push(step(DdlPhase.alterExtension, `ALTER EXTENSION ${ident(after.name)} SET SCHEMA ${ident(after.schema)};`));
  }
  if (before.version !== after.version) {
    steps.push(step(DdlPhase.alterExtension, `ALTER EXTENSION ${ident(after.name)} UPDATE TO ${quoteLiteral(after.version)};`));
  }
  return steps;
}
