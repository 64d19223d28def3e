import path from 'node:path';
import type { ResolvedConfig } from '../config/config-schema.js';
import { effectiveRules } from '../config/effective-rules.js';
import { resolveTargetUrl, type TargetSelection } from '../config/resolve-target-url.js';
import type { RuleSettings } from '../core/apply-rule-settings.js';
import { PgPreflightError } from '../core/pgpreflight-error.js';
import { registerSecret } from '../core/redact-secrets.js';
import type { MigrationFormatId } from '../migrations/migration.js';
import type { Colors } from '../report/colors.js';
import type { CliIo } from './cli-io.js';
import { createColors } from './create-colors.js';
import type { GlobalOptions } from './global-options.js';
import { loadConfig } from './load-config.js';
import { loadDotenv } from './load-dotenv.js';

/** Everything a command needs from argv, config and environment, resolved once. */
export interface CommandContext {
  readonly io: CliIo;
  readonly options: GlobalOptions;
  readonly config: ResolvedConfig;
  readonly configFile: string | undefined;
  /** Config `rules` with the opted-in `policy` folded in: what every command's findings are settled with. */
  readonly rules: RuleSettings | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly colors: Colors;
  /** Project root or migrations folder, and how the user named it (for messages). */
  readonly dir: string;
  readonly dirLabel: string;
  readonly migrationFormat: MigrationFormatId | undefined;
  readonly target: TargetSelection | undefined;
}

export async function createCommandContext(io: CliIo, options: GlobalOptions): Promise<CommandContext> {
  const loaded = await loadConfig(io.cwd, options.config, options.dir ? path.resolve(io.cwd, options.dir) : undefined);
  const env = loadDotenv(loaded.dir, io.env);
  // libpq's password variable may be echoed by nothing we know of; redact its value everywhere.
  registerSecret(env.PGPASSWORD);
  const configDir = loaded.config.migrations?.dir;
  const configName = loaded.file ? path.relative(io.cwd, loaded.file) || loaded.file : 'config';
  const [dir, dirLabel] = options.dir
    ? [path.resolve(io.cwd, options.dir), `--dir ${options.dir}`]
    : configDir
      ? [path.resolve(loaded.dir, configDir), `migrations.dir in ${configName} (${configDir})`]
      : [io.cwd, 'the current folder'];
  return {
    io,
    options,
    config: loaded.config,
    configFile: loaded.file,
    rules: effectiveRules(loaded.config),
    env,
    colors: createColors({ flag: options.color, isTTY: io.stdoutIsTTY, env: io.env }),
    dir,
    dirLabel,
    migrationFormat: loaded.config.migrations?.format,
    target: resolveTargetUrl({ url: options.url, env: options.env }, loaded.config, env),
  };
}

/** For commands that cannot run without a database. */
export function requireTarget(context: CommandContext): TargetSelection {
  if (context.target) return context.target;
  throw new PgPreflightError('URL_MISSING', 'no target database given', {
    hint: 'pass --url postgres://…, choose an environment with --env NAME, or set DATABASE_URL (also read from .env)',
  });
}
