import type { Finding } from '../core/finding.js';
import type { IncidentInput, RollbackOutcome } from './incident-input.js';
import { sqlStateName } from './sql-state-name.js';

/** The marker of every part a person fills in; `grep -n 'TODO(person)'` finds what is left. */
export const PERSON_PROMPT = 'TODO(person)';

const prompt = (question: string): string => `> ${PERSON_PROMPT}: ${question}`;

const ROLLBACK_TEXT: Readonly<Record<RollbackOutcome, string>> = {
  'transaction-rolled-back': 'the migration ran in one transaction and PostgreSQL rolled all of it back: none of its changes remain',
  'rollback-succeeded': 'its rollback ran and the previous definitions are back (catalog compared)',
  'rollback-failed': 'its rollback ran and FAILED: the database may hold part of the change',
  'no-rollback': 'nothing was undone automatically',
  'not-attempted': 'no rollback was needed: the deploy stopped before changing anything',
};

/**
 * The incident report (docs/HOTFIX-YYYYMMDD-<slug>.md) in the protocol's sections — what broke,
 * root cause, fix applied, how to prevent it, lessons — with every fact the failure left filled
 * in and the human parts as `> TODO(person): …` prompts. Pure: the same input gives the same text.
 */
export function renderIncidentReport(input: IncidentInput): string {
  const date = input.occurredAt?.slice(0, 10);
  const what = input.migration ? `\`${input.migration.id}\`` : 'schema change';
  const lines: string[] = [
    `# Hotfix${date ? ` ${date}` : ''}: ${what}${input.environment ? ` on ${input.environment}` : ''}`,
    '',
    input.sources.length
      ? `> Prefilled by pgpreflight from ${input.sources.join('; ')}. The facts below come from the failure itself; answer every \`${PERSON_PROMPT}\` and keep this file with the fix.`
      : `> Written by pgpreflight with nothing to prefill it from (no report, no failed migration in the history): every fact below is for a person to fill in. Answer every \`${PERSON_PROMPT}\` and keep this file with the fix.`,
    '',
    ...factsTable(input),
    '',
    '## What broke',
    '',
    ...whatBroke(input),
    prompt('what did users see, from when to when, how was it noticed (alert, user report), and who was affected?'),
    '',
    '## Timeline (UTC)',
    '',
    ...input.timeline.map((entry) => `- ${entry.at} — ${oneLine(entry.what)}`),
    ...(input.timeline.length ? [''] : []),
    prompt('add when it was noticed, each decision, when the fix was deployed and when it was all clear.'),
    '',
    '## Root cause',
    '',
    ...rootCause(input),
    prompt('why did this change pass review and preflight — which assumption about the data, the code or the database was wrong?'),
    '',
    '## Fix applied',
    '',
    ...fixApplied(input),
    prompt('what was done to restore service, by whom, and which pull request or migration fixes it for good?'),
    '',
    '## How to prevent it',
    '',
    ...prevention(input),
    prompt('the check, critical workflow, test or rule that would have stopped this change before production — and who adds it.'),
    '',
    '## Lessons',
    '',
    prompt('what will the team do differently (review, runbook, monitoring)?'),
    '',
  ];
  return lines.join('\n');
}

function factsTable(input: IncidentInput): string[] {
  const unknown = `_${PERSON_PROMPT}_`;
  const code = (text: string | undefined): string | undefined => (text ? `\`${text}\`` : undefined);
  const state = input.sqlState ? `${input.sqlState}${sqlStateName(input.sqlState) ? ` (${sqlStateName(input.sqlState)})` : ''}` : undefined;
  const statementAt = input.statement?.line
    ? `line ${input.statement.line}${input.statement.inferred ? ' (found by the constraint name)' : ''}`
    : undefined;
  const rows: [string, string | undefined, boolean][] = [
    ['Environment', input.environment, true],
    ['Target', input.target, true],
    [
      'Migration',
      input.migration ? `${code(input.migration.id)}${input.migration.path ? ` — ${input.migration.path}` : ''}` : undefined,
      true,
    ],
    [
      'Failing statement',
      statementAt ?? (input.workflow ? `a write of the workflow "${input.workflow}", after the migration applied` : undefined),
      true,
    ],
    ['SQLSTATE', state, true],
    ['Constraint', code(input.constraint), false],
    ['Table', code(input.table), false],
    ['Rows involved', input.rows ? String(input.rows.count) : undefined, false],
    ['Rollback', input.rollback ? ROLLBACK_TEXT[input.rollback.outcome] : undefined, true],
    ['Backup before the change', input.backup?.file ? code(input.backup.file) : undefined, true],
  ];
  return [
    '| fact | value |',
    '|---|---|',
    ...rows.filter(([, value, always]) => value !== undefined || always).map(([name, value]) => `| ${name} | ${cell(value ?? unknown)} |`),
  ];
}

function whatBroke(input: IncidentInput): string[] {
  const out: string[] = [];
  if (input.message) {
    const state = input.sqlState && !input.message.includes(input.sqlState) ? ` (SQLSTATE ${input.sqlState})` : '';
    out.push(`Error: **${oneLine(input.message)}**${state}`);
    if (input.detail) out.push(`DETAIL: ${oneLine(input.detail)}`);
    if (input.hint) out.push(`HINT: ${oneLine(input.hint)}`);
    out.push('');
  }
  if (input.statement?.text) {
    const where = [input.migration?.path ?? input.migration?.id, input.statement.line ? `line ${input.statement.line}` : '']
      .filter(Boolean)
      .join(', ');
    out.push('```sql', ...(where ? [`-- ${where}`] : []), fence(input.statement.text), '```', '');
  }
  if (input.rows) {
    out.push(`Rows involved: ${input.rows.count}${input.rows.query ? ` — list them with \`${oneLine(input.rows.query)}\`` : ''}`, '');
  }
  if (input.findings.length) {
    out.push('pgpreflight findings about this change:', '', ...input.findings.map(findingLine), '');
  }
  if (input.accepted?.length) {
    out.push(
      'Reported by `check` before the deploy and accepted past its gate (`--accept`):',
      '',
      ...input.accepted.map(({ finding, reason }) => `${findingLine(finding)} — accepted: “${oneLine(reason)}”`),
      '',
    );
  }
  return out;
}

function rootCause(input: IncidentInput): string[] {
  if (!input.sqlState && !input.message) return [];
  // A workflow broken by the change: the migration itself applied; a write after it was rejected.
  const parts = input.workflow
    ? [
        `After ${input.migration ? `\`${input.migration.id}\`` : 'the change'} was applied, the critical workflow "${input.workflow}" failed: PostgreSQL rejected its write`,
      ]
    : [`PostgreSQL rejected ${input.statement?.line ? `the statement at line ${input.statement.line}` : 'a statement'}`];
  if (input.migration && !input.workflow) parts.push(` of \`${input.migration.id}\``);
  if (input.sqlState)
    parts.push(` with SQLSTATE ${input.sqlState}${sqlStateName(input.sqlState) ? ` (${sqlStateName(input.sqlState)})` : ''}`);
  if (input.constraint) parts.push(`, raised by constraint \`${input.constraint}\``);
  if (input.table) parts.push(`${input.constraint ? ' on' : ', on'} table \`${input.table}\``);
  return [`${parts.join('')}.`, ''];
}

function fixApplied(input: IncidentInput): string[] {
  const out: string[] = [];
  if (input.rollback) {
    out.push(`- Rollback: ${ROLLBACK_TEXT[input.rollback.outcome]}${input.rollback.file ? ` (\`${input.rollback.file}\`)` : ''}.`);
    if (input.rollback.detail) out.push(`  ${oneLine(input.rollback.detail)}`);
  }
  if (input.backup?.file) {
    out.push(
      `- Backup taken before the change: \`${input.backup.file}\` — \`pgpreflight restore ${input.backup.file} --url …\` restores it.`,
    );
  }
  if (input.history && input.migration) {
    const next =
      input.history.state === 'failed'
        ? ' — the next deploy refuses to run until it is resolved (once the change is undone or completed by hand, mark it with the tool, e.g. `prisma migrate resolve --rolled-back`)'
        : '';
    out.push(`- History: \`${input.history.table}\` records \`${input.migration.id}\` as ${input.history.state}${next}.`);
  }
  if (out.length) out.push('');
  return out;
}

function prevention(input: IncidentInput): string[] {
  const accepted = input.accepted ?? [];
  const rules = [
    ...new Set([...input.findings, ...accepted.map((a) => a.finding)].filter((f) => f.severity !== 'info').map((f) => f.ruleId)),
  ];
  if (!rules.length) return [];
  return [
    `pgpreflight reported ${rules.map((rule) => `\`${rule}\``).join(', ')} for this change (each finding above carries its help; \`pgpreflight explain <rule>\` documents each rule: its default severity, why, and what to do).`,
    ...(accepted.length
      ? [
          '',
          `The check gate stopped this change and was overridden: ${[...new Set(accepted.map((a) => `\`${a.finding.ruleId}\``))].join(', ')} accepted with \`--accept\`. Decide who may accept an error-level finding, and on what evidence.`,
        ]
      : []),
    '',
  ];
}

function findingLine(finding: Finding): string {
  const where = finding.file ? ` (${finding.file}${finding.line ? `:${finding.line}` : ''})` : '';
  const n = finding.evidence?.count;
  const count = typeof n === 'number' ? ` — ${n} row${n === 1 ? '' : 's'}` : '';
  return `- **${finding.severity}** \`${finding.ruleId}\`${where}: ${oneLine(finding.message)}${count}`;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

function cell(text: string): string {
  return oneLine(text).replace(/\|/g, '\\|');
}

// A statement holding ``` would end the code block early.
function fence(text: string): string {
  return text.replace(/```/g, '`\u200b``');
}
