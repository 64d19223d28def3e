import type { CatalogFunction, CatalogObjects, CatalogTrigger } from '../../catalog/catalog-snapshot.js';
import { parseFunctionBody, type ParsedFunctionBody } from '../../sql/parse-function-body.js';
import type { RoutineBody } from '../../sql/routine-body.js';

/** A function of the database with its parsed body, as the writer analysis sees it. */
export interface Routine {
  readonly function: CatalogFunction;
  /** `schema.name(identity arguments)`: what tells overloads apart. */
  readonly identity: string;
  /** How a person names it: `record_schedule_consumption()`, schema-qualified outside public. */
  readonly label: string;
  readonly body?: RoutineBody;
  /** Names of the arguments a call passes (IN, INOUT, VARIADIC), in order; undefined for unnamed ones. */
  readonly argumentNames: readonly (string | undefined)[];
}

export const routineIdentity = (f: Pick<CatalogFunction, 'schema' | 'name' | 'identityArguments'>): string =>
  `${f.schema}.${f.name}(${f.identityArguments})`;

/**
 * The functions and triggers that will exist once the migration is deployed: the shadow's, which
 * hold what the migrations define, and the target's own where no pending migration touches them
 * (the target is what production runs, including what was created by hand).
 */
export async function loadRoutines(
  after: CatalogObjects,
  target: CatalogObjects | undefined,
  touchedByPending: ReadonlySet<string>,
): Promise<{ routines: Routine[]; triggers: CatalogTrigger[] }> {
  const byIdentity = new Map(after.functions.map((f) => [routineIdentity(f), f]));
  for (const f of target?.functions ?? []) {
    const identity = routineIdentity(f);
    if (!touchedByPending.has(identity)) byIdentity.set(identity, f);
  }
  const triggers = [...after.triggers];
  for (const t of target?.triggers ?? []) {
    if (!triggers.some((x) => x.schema === t.schema && x.table === t.table && x.name === t.name)) triggers.push(t);
  }
  const routines: Routine[] = [];
  for (const [identity, f] of byIdentity) {
    if (f.kind !== 'function' && f.kind !== 'procedure') continue;
    const parsed = await parsedBody(f);
    routines.push({
      function: f,
      identity,
      label: `${f.schema === 'public' ? '' : `${f.schema}.`}${f.name}()`,
      ...(parsed.body ? { body: parsed.body } : {}),
      argumentNames: callArgumentNames(f.arguments),
    });
  }
  return { routines, triggers };
}

// A check with several pending migrations loads the same functions once per migration: each body
// is parsed once per process.
const PARSED = new Map<string, Promise<ParsedFunctionBody>>();
const MAX_PARSED = 5000;

function parsedBody(f: CatalogFunction): Promise<ParsedFunctionBody> {
  const key = [f.schema, f.name, f.kind, f.language, f.arguments, f.returns ?? '', f.source].join('\0');
  let parsed = PARSED.get(key);
  if (!parsed) {
    if (PARSED.size >= MAX_PARSED) PARSED.clear();
    parsed = parseFunctionBody({
      source: f.source,
      language: f.language,
      arguments: f.arguments,
      returns: f.returns ?? 'void',
      kind: f.kind === 'procedure' ? 'procedure' : 'function',
      name: `${f.schema}.${f.name}`,
    });
    PARSED.set(key, parsed);
  }
  return parsed;
}

const TYPE_START = /^(character|double|timestamp|time|bit|interval|national|"?[a-z_]+"?\.)/i;

/** `p_id bigint, OUT total bigint, p_kind text DEFAULT 'x'` → ['p_id', 'p_kind']. */
export function callArgumentNames(argumentsText: string): (string | undefined)[] {
  const names: (string | undefined)[] = [];
  for (const raw of splitTopLevel(argumentsText)) {
    const arg = raw.replace(/\s+(DEFAULT|=)\s[\s\S]*$/i, '').trim();
    if (!arg) continue;
    const mode = /^(IN|OUT|INOUT|VARIADIC)\s+/i.exec(arg);
    if (mode && mode[1]!.toUpperCase() === 'OUT') continue;
    const rest = mode ? arg.slice(mode[0].length) : arg;
    const words = rest.split(/\s+/);
    const first = words[0]!;
    names.push(words.length >= 2 && !TYPE_START.test(first) ? (first.startsWith('"') ? first.slice(1, -1) : first) : undefined);
  }
  return names;
}

function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "'" || ch === '"') quoted = !quoted;
    else if (!quoted && ch === '(') depth++;
    else if (!quoted && ch === ')') depth--;
    else if (!quoted && depth === 0 && ch === ',') {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/** Triggers that run this function, and how a person would describe what fires them. */
export function firingTriggers(routine: Routine, triggers: readonly CatalogTrigger[]): { name: string; table: string; event: string }[] {
  return triggers
    .filter((t) => t.function.schema === routine.function.schema && t.function.name === routine.function.name && t.enabled !== 'disabled')
    .map((t) => {
      const table = t.schema === 'public' ? t.table : `${t.schema}.${t.table}`;
      const events = t.events.map((e) =>
        e === 'update' && t.updateColumns.length ? `UPDATE OF ${t.updateColumns.join(', ')}` : e.toUpperCase(),
      );
      return { name: t.name, table, event: `${t.timing.toUpperCase()} ${events.join(' OR ')} ON ${table}` };
    });
}
