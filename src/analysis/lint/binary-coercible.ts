import { typeNameOf } from './alter-commands.js';

type AnyNode = Readonly<Record<string, unknown>>;

const FORMAT_NAME: Readonly<Record<string, string>> = {
  varchar: 'character varying',
  bpchar: 'character',
  int2: 'smallint',
  int4: 'integer',
  int8: 'bigint',
  float4: 'real',
  float8: 'double precision',
  bool: 'boolean',
  timestamptz: 'timestamp with time zone',
  timestamp: 'timestamp without time zone',
};

/** An AST TypeName as format_type prints it: `character varying(20)`, `numeric(12,2)`, `text`. */
export function formatTypeName(typeName: unknown): string {
  const name = typeNameOf(typeName);
  const mods = (((typeName as AnyNode | undefined)?.typmods ?? []) as AnyNode[]).map((m) =>
    String(((m.A_Const as AnyNode | undefined)?.ival as AnyNode | undefined)?.ival ?? 0),
  );
  const base = FORMAT_NAME[name] ?? name;
  return mods.length ? `${base}(${mods.join(',')})` : base;
}

/**
 * Whether ALTER COLUMN … TYPE from `from` to `to` keeps the stored bytes (no table rewrite, no
 * index rebuild): string types widening or becoming text, numeric precision growing at the same scale.
 */
export function binaryCoercible(from: string, to: string): boolean {
  if (from === to) return true;
  const length = (t: string): [string, number | undefined] | undefined => {
    const m = /^(character varying|text)(?:\((\d+)\))?$/.exec(t);
    return m ? [m[1]!, m[2] === undefined ? undefined : Number(m[2])] : undefined;
  };
  const a = length(from);
  const b = length(to);
  if (a && b) return b[1] === undefined || (a[1] !== undefined && b[1] >= a[1]);
  const numeric = (t: string): [number, number] | 'any' | undefined => {
    if (t === 'numeric') return 'any';
    const m = /^numeric\((\d+)(?:,(\d+))?\)$/.exec(t);
    return m ? [Number(m[1]), Number(m[2] ?? 0)] : undefined;
  };
  const x = numeric(from);
  const y = numeric(to);
  if (x && y) return y === 'any' || (x !== 'any' && y[1] === x[1] && y[0] >= x[0]);
  return false;
}
