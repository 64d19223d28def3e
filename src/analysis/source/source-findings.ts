import type { Finding } from '../../core/finding.js';
import type { SourceScan } from './scan-source.js';

/**
 * A literal of a removed value in application code is an error: the next time that code writes it,
 * the write fails. A name match is a warning: it may be an ORM field or raw SQL using a dropped
 * column, or the same word meaning something else.
 */
export function sourceFindings(scan: SourceScan): Finding[] {
  const listed = scan.hits.map((hit): Finding => {
    const where = { migration: hit.needle.migration, file: hit.file, line: hit.line, column: hit.column };
    const evidence = { file: hit.file, line: hit.line, text: hit.text, [hit.needle.kind]: hit.needle.text, why: hit.needle.why };
    return hit.needle.kind === 'value'
      ? {
          ruleId: 'removed-value-in-source',
          severity: 'error',
          message: `${hit.file}:${hit.line} uses '${hit.needle.text}' and ${hit.needle.why}: \`${hit.text}\``,
          help: 'change the application in the same release (deploy it first), or keep the value',
          ...where,
          evidence,
        }
      : {
          ruleId: 'dropped-name-in-source',
          severity: 'warning',
          message: `${hit.file}:${hit.line} names ${hit.needle.text}, and ${hit.needle.why}: \`${hit.text}\``,
          help: 'if this code reads or writes that column or table, change it before the migration ships',
          ...where,
          evidence,
        };
  });
  const more = scan.more.map(({ needle, files }): Finding => ({
    ruleId: needle.kind === 'value' ? 'removed-value-in-source' : 'dropped-name-in-source',
    severity: needle.kind === 'value' ? 'error' : 'warning',
    message: `${files} more file${files === 1 ? '' : 's'} contain${files === 1 ? 's' : ''} ${needle.kind === 'value' ? `'${needle.text}'` : needle.text} (not listed one by one), and ${needle.why}`,
    help: `search the code for ${needle.text} (e.g. \`git grep -n -w ${needle.text}\`)`,
    migration: needle.migration,
    evidence: { [needle.kind]: needle.text, files, why: needle.why },
  }));
  return [...listed, ...more];
}
