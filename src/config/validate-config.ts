import type { z } from 'zod';
import { PgPreflightError } from '../core/pgpreflight-error.js';
import { configSchema, type ResolvedConfig } from './config-schema.js';

/**
 * Validates a loaded config. Every problem is reported with its setting path
 * (`environments.production.url: expected a URL string or { env: "VARIABLE_NAME" }`), all at once,
 * so a person fixes the file in one pass.
 */
export function validateConfig(raw: unknown, file: string): ResolvedConfig {
  const result = configSchema.safeParse(raw);
  if (result.success) return result.data;
  const problems = result.error.issues.map(describeIssue);
  throw new PgPreflightError('CONFIG_INVALID', `${file}: ${problems.join('; ')}`, {
    hint: 'fix the setting named above (see the README "Configuration" section)',
  });
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.length ? formatPath(issue.path) : '(top level)';
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((key) => `"${key}"`).join(', ');
    return `${where === '(top level)' ? '' : `${where}: `}unknown setting${issue.keys.length > 1 ? 's' : ''} ${keys}`;
  }
  return `${where}: ${issue.message}`;
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.map((part, index) => (typeof part === 'number' ? `[${part}]` : index === 0 ? String(part) : `.${String(part)}`)).join('');
}
