import { literalOf } from './function-writes.js';
import type { Routine } from './routines.js';

export interface CallSite {
  readonly caller: Routine;
  readonly bodyLine: number;
  /** The literal passed at each position; undefined where the argument is not a constant. */
  readonly args: readonly (string | null | undefined)[];
}

type AnyNode = Readonly<Record<string, unknown>>;

/** Where other functions call `callee` (by name; schema checked when the call names one), with literal arguments. */
export function callSites(routines: readonly Routine[], callee: Routine): CallSite[] {
  const sites: CallSite[] = [];
  for (const caller of routines) {
    if (caller === callee || !caller.body) continue;
    for (const item of caller.body.embedded) {
      walk(item.node, (call) => {
        const parts = ((call.funcname ?? []) as AnyNode[]).map((p) => (p.String as AnyNode | undefined)?.sval as string | undefined);
        const name = parts[parts.length - 1];
        const schema = parts.length > 1 ? parts[0] : undefined;
        if (name !== callee.function.name || (schema !== undefined && schema !== callee.function.schema)) return;
        const args = ((call.args ?? []) as AnyNode[]).map((arg) => literalOf(arg));
        sites.push({ caller, bodyLine: item.bodyLine, args });
      });
    }
  }
  return sites;
}

function walk(node: unknown, visit: (call: AnyNode) => void): void {
  if (Array.isArray(node)) {
    for (const item of node) walk(item, visit);
    return;
  }
  if (!node || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node)) {
    if (key === 'FuncCall') visit(value as AnyNode);
    walk(value, visit);
  }
}
