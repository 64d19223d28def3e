import { CONSTRAINT_KEYWORD } from '../catalog/constraint-keyword.js';
import type { Colors } from './colors.js';
import { targetLine } from './format-target.js';
import type { AllowedValuesUsage, InspectedConstraint, InspectResult } from './inspect-result.js';
import { renderFindingsText } from './render-findings-text.js';

export interface InspectTextOptions {
  readonly colors: Colors;
  readonly cwd: string;
}

/** The table's constraints as the target defines them, each value list with its row counts. */
export function renderInspectText(result: InspectResult, options: InspectTextOptions): string {
  const c = options.colors;
  const t = result.table;
  const name = t.schema === 'public' ? t.name : `${t.schema}.${t.name}`;
  const size = t.rowEstimate === null ? 'never analysed' : `~${Math.round(t.rowEstimate).toLocaleString('en')} rows`;
  const lines = [
    `${c.bold('Target')}  ${targetLine(result.target, options.cwd)}`,
    `${c.bold('Table ')}  ${name} · ${t.kind} · ${size}${t.primaryKey ? ` · primary key (${t.primaryKey.join(', ')})` : ''}`,
  ];

  if (result.what === 'table' && result.columns.length) {
    lines.push('', c.bold('Columns'));
    const width = Math.max(...result.columns.map((col) => col.name.length));
    for (const col of result.columns) {
      const extras = [
        col.notNull ? 'NOT NULL' : '',
        col.default !== null ? `DEFAULT ${col.default}` : '',
        col.identity ? `GENERATED ${col.identity === 'always' ? 'ALWAYS' : 'BY DEFAULT'} AS IDENTITY` : '',
        col.generated ? `GENERATED ALWAYS AS (${col.generated.expression}) ${col.generated.kind.toUpperCase()}` : '',
      ].filter(Boolean);
      lines.push(`  ${col.name.padEnd(width)}  ${col.type}${extras.length ? `  ${c.dim(extras.join('  '))}` : ''}`);
    }
  }

  lines.push('', c.bold('Constraints'));
  if (result.constraints.length === 0) lines.push(c.dim('  none'));
  for (const constraint of result.constraints) lines.push(...renderConstraint(constraint, c));

  if (result.enumColumns.length) {
    lines.push('', c.bold('Enum columns'));
    for (const column of result.enumColumns) {
      lines.push(`  ${column.column}  ${c.dim(column.type)}`, ...renderValues(column.labels, `${column.column} may be`, c));
    }
  }
  if (result.what === 'table') {
    lines.push('', c.bold('Indexes'));
    if (result.indexes.length === 0) lines.push(c.dim('  none'));
    for (const index of result.indexes) lines.push(`  ${index.definition}${index.valid ? '' : c.red('  INVALID')}`);
    lines.push('', c.bold('Triggers'));
    if (result.triggers.length === 0) lines.push(c.dim('  none'));
    for (const trigger of result.triggers)
      lines.push(`  ${trigger.definition}${trigger.enabled === 'disabled' ? c.dim('  (disabled)') : ''}`);
  }
  if (result.findings.length) lines.push('', ...renderFindingsText(result.findings, c).trimEnd().split('\n'));
  return `${lines.join('\n')}\n`;
}

function renderConstraint(constraint: InspectedConstraint, c: Colors): string[] {
  const lines = [
    `  ${c.bold(constraint.name)}  ${CONSTRAINT_KEYWORD[constraint.type]}${constraint.validated ? '' : c.yellow('  NOT VALID')}`,
  ];
  lines.push(`    ${constraint.definition}`);
  if (constraint.type === 'check' && constraint.allowedValues === null) {
    lines.push(c.dim('    (not a list of values: nothing to count per value)'));
  }
  for (const list of constraint.allowedValues ?? []) lines.push(...renderValues(list, `${list.column} may be`, c));
  return lines;
}

function renderValues(list: AllowedValuesUsage, heading: string, c: Colors): string[] {
  const entries = [
    ...list.values.map((v) => ({ label: v.value, rows: v.rows, paint: v.rows === 0 ? c.dim : (s: string) => s })),
    { label: 'NULL', rows: list.nullRows, paint: c.dim },
    ...list.otherValues.map((v) => ({ label: `${v.value} (not allowed)`, rows: v.rows, paint: c.red })),
  ];
  // Values sit two columns right of their heading; counts line up under "rows today".
  const width = Math.max(heading.length - 2, ...entries.map((e) => e.label.length));
  return [
    `    ${c.dim(heading.padEnd(width + 2))}  ${c.dim('rows today')}`,
    ...entries.map((e) => `      ${e.paint(e.label.padEnd(width))}  ${e.paint(e.rows.toLocaleString('en'))}`),
  ];
}
