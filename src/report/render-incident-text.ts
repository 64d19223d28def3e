import type { IncidentResult } from './incident-result.js';
import { shownPath, type PathTextOptions } from './shown-path.js';
import { PERSON_PROMPT } from './render-incident-report.js';

export function renderIncidentText(result: IncidentResult, options: PathTextOptions): string {
  const c = options.colors;
  const i = result.input;
  const lines = [`${c.bold('Wrote')}  ${shownPath(result.file, options.cwd)}`];
  if (result.prefilled) {
    const failure = [
      i.migration ? i.migration.id : '',
      i.sqlState ? `SQLSTATE ${i.sqlState}` : '',
      i.constraint ? `constraint ${i.constraint}` : '',
      i.statement?.line ? `line ${i.statement.line}` : '',
    ]
      .filter(Boolean)
      .join(' · ');
    lines.push(`${c.bold('From ')}  ${i.sources.join('; ')}`);
    if (failure) lines.push(`${c.bold('Fault')}  ${failure}`);
  } else {
    lines.push(
      c.yellow(
        `Nothing to prefill it from${i.sources.length ? ` (${i.sources.join('; ')})` : ''}: the report is the template. Pass --from <report.json> or a target (--url / --env) whose history records the failure.`,
      ),
    );
  }
  lines.push(c.dim(`Fill in every ${PERSON_PROMPT} (grep -n '${PERSON_PROMPT}' ${shownPath(result.file, options.cwd)}).`));
  return `${lines.join('\n')}\n`;
}
