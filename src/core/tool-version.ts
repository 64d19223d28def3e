import { readFileSync } from 'node:fs';

/** The package version, read once from package.json (two levels up from both src/core and dist/core). */
export const TOOL_VERSION: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

export const TOOL_NAME = 'pgpreflight';

/** Bumped only when a field of the JSON contract is removed or renamed (SPEC "JSON output"). */
export const JSON_SCHEMA_VERSION = 1;
