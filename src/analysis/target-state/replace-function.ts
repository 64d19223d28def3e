import type { CatalogFunction } from '../../catalog/catalog-snapshot.js';
import type { Finding } from '../../core/finding.js';
import type { Statement } from '../../sql/statement.js';
import { namesOf, splitName } from './statement-names.js';
import { resolveSchema, shownName, targetStateFinding, type TargetStateInput } from './target-state-input.js';

type FunctionStatement = Extract<Statement, { kind: 'CreateFunctionStmt' }>;

/**
 * `CREATE OR REPLACE FUNCTION f(args)` where the target's `f(args)` returns another type or row
 * (OUT parameters, RETURNS TABLE): 42P13 "cannot change return type of existing function"; a
 * function replaced by a procedure or back: 42809. The migration's routine is the shadow's after it.
 */
export function judgeReplaceFunction(input: TargetStateInput, statement: FunctionStatement): Finding[] {
  const split = splitName(namesOf([{ List: { items: statement.ast.funcname ?? [] } }])[0] ?? []);
  if (!statement.ast.replace || !split || input.touched.routine(split.name)) return [];
  const schema = resolveSchema(split.schema, split.name, [input.after.functions, input.before.functions]);
  const inputs = (statement.ast.parameters ?? []).filter((p) => {
    const mode = 'FunctionParameter' in p ? p.FunctionParameter.mode : undefined;
    return mode !== 'FUNC_PARAM_OUT' && mode !== 'FUNC_PARAM_TABLE';
  }).length;
  // The overload this statement makes: one of that name, else the one with as many input arguments.
  const named = input.after.functions.filter((f) => f.schema === schema && f.name === split.name);
  const candidates = named.length === 1 ? named : named.filter((f) => argumentCount(f) === inputs);
  if (candidates.length !== 1) return [];
  const wanted = candidates[0]!;
  const existing = input.target.objects.functions.find(
    (f) => f.schema === schema && f.name === split.name && inputIdentity(f) === inputIdentity(wanted),
  );
  if (!existing) return [];
  const shown = `${shownName(schema, split.name)}(${wanted.identityArguments})`;
  let problem: { readonly sqlState: string; readonly error: string } | undefined;
  if ((existing.kind === 'procedure') !== (wanted.kind === 'procedure')) {
    problem = { sqlState: '42809', error: `cannot change routine kind (${existing.kind} to ${wanted.kind})` };
  } else if (existing.returns !== wanted.returns) {
    problem = { sqlState: '42P13', error: `cannot change return type of existing function (${existing.returns} to ${wanted.returns})` };
  } else if (outParameters(existing).join(', ') !== outParameters(wanted).join(', ')) {
    // RETURNS record through OUT parameters: the row they define must stay the same, names included.
    problem = {
      sqlState: '42P13',
      error: `cannot change return type of existing function: the row defined by OUT parameters is different (${outParameters(existing).join(', ')} to ${outParameters(wanted).join(', ')})`,
    };
  }
  if (!problem) return [];
  return [
    targetStateFinding(input, statement, {
      ruleId: 'target-function-replace-fails',
      severity: 'error',
      message: `fails on the target: ${problem.error} (SQLSTATE ${problem.sqlState}) — the target's ${shown} is not the one the history builds`,
      help: `DROP FUNCTION ${shown} first (and recreate what depends on it), or keep its return type`,
      evidence: {
        function: shown,
        sqlState: problem.sqlState,
        error: problem.error,
        target: signature(existing),
        migration: signature(wanted),
      },
    }),
  ];
}

function argumentCount(f: CatalogFunction): number {
  return inputParts(f).length;
}

// What tells overloads apart is the input arguments; identity arguments also print OUT ones.
function inputParts(f: CatalogFunction): string[] {
  return f.identityArguments.trim() === ''
    ? []
    : topLevelParts(f.identityArguments)
        .map((p) => p.trim())
        .filter((p) => !p.startsWith('OUT '));
}

function inputIdentity(f: CatalogFunction): string {
  return inputParts(f).join(', ');
}

// Identity arguments are comma-separated at the top level: `a integer, b numeric(10,2)`.
function topLevelParts(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

function outParameters(f: CatalogFunction): string[] {
  return topLevelParts(f.arguments)
    .map((p) => p.trim())
    .filter((p) => /^(OUT|INOUT) /.test(p));
}

function signature(f: CatalogFunction): string {
  return `${f.kind} ${f.name}(${f.arguments})${f.returns ? ` RETURNS ${f.returns}` : ''}`;
}
