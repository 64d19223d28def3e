import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PgPreflightError } from '../../core/pgpreflight-error.js';
import { publishWithoutOverwrite } from '../../core/publish-file.js';
import { redactSecrets } from '../../core/redact-secrets.js';
import type { IncidentInput } from '../../report/incident-input.js';
import { renderIncidentReport } from '../../report/render-incident-report.js';

export interface WriteIncidentReportOptions {
  /** docs/ is created here. */
  readonly projectRoot: string;
  readonly input: IncidentInput;
  /** The name's last part; default: from the migration's name, else "incident". */
  readonly slug?: string;
  /** The name's date (UTC); default now. */
  readonly date?: Date;
}

/**
 * Writes `docs/HOTFIX-YYYYMMDD-<slug>.md` and returns its path. An existing report is never
 * replaced: the next free `-2`, `-3`… is used. The text passes through the secret redaction, and
 * is written to a temporary file first, so no half-written report is ever left.
 */
export function writeIncidentReport(options: WriteIncidentReportOptions): string {
  const dir = path.join(options.projectRoot, 'docs');
  const stamp = (options.date ?? new Date()).toISOString().slice(0, 10).replace(/-/g, '');
  const slug = incidentSlug(options.slug ?? options.input.migration?.id);
  const wanted = path.join(dir, `HOTFIX-${stamp}-${slug}.md`);
  const temp = path.join(dir, `.HOTFIX-${stamp}-${slug}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(temp, redactSecrets(renderIncidentReport(options.input)), { flag: 'wx' });
    return publishWithoutOverwrite(temp, wanted);
  } catch (error) {
    rmSync(temp, { force: true });
    throw new PgPreflightError('USAGE', `cannot write ${wanted} (${(error as NodeJS.ErrnoException).code ?? 'error'})`, {
      hint: 'check that the project folder is writable',
      cause: error,
    });
  }
}

/** "20251104000000_physical_count" → "physical-count"; nothing usable → "incident". */
export function incidentSlug(name: string | undefined): string {
  const words = (name ?? '')
    .replace(/^\d+[_-]?/, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return words || 'incident';
}
