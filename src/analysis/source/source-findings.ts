import type { Finding } from '../../core/finding.js';
import type { SourceScan } from './scan-source.js';

/**
 * A literal of a removed value in application code, or a dropped name, is a warning: a text match
 * does not prove the code writes it (it may compare or display it, or be the same word meaning
 * something else), so a person decides. The rows that hold it are probed separately.
 */
export function sourceFindings(scan: SourceScan): Finding[] {
  const listed = scan.hits.map((hit): Finding => {
    const where = { migration: hit.needle.migration, file: hit.file, line: hit.line, column: hit.column };
    const evidence = { file: hit.file, line: hit.line, text: hit.text, [hit.needle.kind]: hit.needle.text, why: hit.needle.why };
    return hit.needle.kind === 'value'
      ? {
          ruleId: 'removed-value-in-source',
          severity: 'warning',
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
    severity: 'warning',
    message: `${files} more file${files === 1 ? '' : 's'} contain${files === 1 ? 's' : ''} ${needle.kind === 'value' ? `'${needle.text}'` : needle.text} (not listed one by one), and ${needle.why}`,
    help: `search the code for ${needle.text} (e.g. \`git grep -n -w ${needle.text}\`)`,
    migration: needle.migration,
    evidence: { [needle.kind]: needle.text, files, why: needle.why },
  }));
  return [...listed, ...more];
}
