import type { LintRule } from '../lint-rule.js';

type AnyNode = Readonly<Record<string, unknown>>;

export const securityDefinerSearchPath: LintRule = {
  id: 'security-definer-search-path',
  category: 'hygiene',
  severity: 'warning',
  summary: 'SECURITY DEFINER function without a pinned search_path',
  rationale:
    'A SECURITY DEFINER function runs with its owner’s rights but resolves names through the caller’s search_path: a caller who can create objects in a schema on that path can make it run their code as the owner.',
  help: 'add SET search_path = pg_catalog, public (or an empty search_path and schema-qualified names) to the function',
  examples: {
    bad: ["CREATE FUNCTION admin_reset() RETURNS void LANGUAGE sql SECURITY DEFINER AS 'DELETE FROM sessions';"],
    good: [
      "CREATE FUNCTION admin_reset() RETURNS void LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, public AS 'DELETE FROM public.sessions';",
    ],
  },
  check(file) {
    return file.topLevel.flatMap((s) => {
      if (s.kind !== 'CreateFunctionStmt') return [];
      const options = ((s.ast.options ?? []) as AnyNode[]).map((o) => o.DefElem as AnyNode);
      const definer = options.some((o) => o?.defname === 'security' && JSON.stringify(o.arg).includes('"boolval":true'));
      const pinned = options.some((o) => o?.defname === 'set' && JSON.stringify(o.arg).includes('"name":"search_path"'));
      if (!definer || pinned) return [];
      const name = ((s.ast.funcname ?? []) as AnyNode[]).map((p) => (p.String as AnyNode | undefined)?.sval).join('.');
      return [{ statement: s, message: `SECURITY DEFINER function ${name}() has no SET search_path` }];
    });
  },
};
