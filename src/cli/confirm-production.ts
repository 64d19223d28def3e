import type { TargetSelection } from '../config/resolve-target-url.js';
import { PgPreflightError } from '../core/pgpreflight-error.js';
import { describeTarget, formatTarget, type TargetInfo } from '../db/describe-target.js';
import { parseTargetUrl } from '../db/target-url.js';
import type { CommandContext } from './command-context.js';

export interface ProductionGuardRequest {
  /** What is about to happen, as the start of a sentence: "restore backup.dump into", "deploy 2 migrations to". */
  readonly action: string;
  /** `--yes` was passed. It counts only together with an explicit `--env` naming the environment. */
  readonly yes: boolean;
}

export interface ProductionGuardOutcome {
  readonly production: boolean;
  /** The production environment the target is (by `--env`, or by its URL). */
  readonly environment?: string;
  /** How the person confirmed. */
  readonly confirmedBy?: 'typed-name' | 'yes-with-env';
}

/**
 * The runbook's "set the URL and double-check it" as a guard: an operation that changes a
 * production environment (`environments.<name>.production: true`) goes ahead only when the person
 * types the database name at a prompt, or passes `--yes` together with an explicit `--env <name>` —
 * so neither a stray `--yes` in shell history nor a production URL pasted into `--url` is enough.
 * A target given by URL counts as production when it is the same server, port and database as a
 * production environment. Non-production targets pass untouched. Throws CONFIRMATION_REQUIRED
 * (exit 2, one line saying what to pass) otherwise.
 */
export async function confirmProduction(
  context: CommandContext,
  target: TargetSelection,
  request: ProductionGuardRequest,
): Promise<ProductionGuardOutcome> {
  const environment = productionEnvironment(context, target);
  if (environment === undefined) return { production: false };
  const info = describeTarget(parseTargetUrl(target.url, context.io.cwd), environment);
  const where = `production environment "${environment}" (${formatTarget(info)})`;

  if (request.yes) {
    if (context.options.env === environment) return { production: true, environment, confirmedBy: 'yes-with-env' };
    throw new PgPreflightError('CONFIRMATION_REQUIRED', `--yes alone does not confirm: ${request.action} ${where}, named by its URL`, {
      hint: `pass --env ${environment} together with --yes, or type the database name at the prompt in a terminal`,
    });
  }
  const { io } = context;
  if (io.stdinIsTTY && io.readLine) {
    const answer = await io.readLine(`${request.action} ${where}.\nType the database name (${info.database}) to confirm: `);
    if (answer?.trim() === info.database) return { production: true, environment, confirmedBy: 'typed-name' };
    throw new PgPreflightError('CONFIRMATION_REQUIRED', `the name typed is not "${info.database}": nothing was done to ${where}`, {
      hint: 'run it again and type the database name exactly',
    });
  }
  throw new PgPreflightError('CONFIRMATION_REQUIRED', `${request.action} ${where} needs confirmation, and there is no terminal to ask in`, {
    hint: `pass --yes --env ${environment}, or run it in a terminal and type the database name`,
  });
}

/**
 * The production environment the target is: the `--env` one when it is marked production, else
 * the production environment whose URL reaches the same host, port and database; undefined if none.
 */
export function productionEnvironment(context: CommandContext, target: TargetSelection): string | undefined {
  if (target.production) return target.environment;
  const wanted = describeSafely(target.url, context);
  if (!wanted) return undefined;
  for (const [name, environment] of Object.entries(context.config.environments ?? {})) {
    if (environment.production !== true) continue;
    const other = typeof environment.url === 'string' ? environment.url : context.env[environment.url.env];
    const info = other ? describeSafely(other, context) : undefined;
    if (info && info.kind === wanted.kind && info.host === wanted.host && info.port === wanted.port && info.database === wanted.database) {
      return name;
    }
  }
  return undefined;
}

/**
 * The project and target options every command that writes to a target (deploy, rollback, resolve)
 * passes: where the migrations are, the URL, the environment it is known by, and whether it is production.
 */
export function guardedTarget(context: CommandContext, target: TargetSelection) {
  const production = productionEnvironment(context, target);
  const environment = target.environment ?? production;
  return {
    dir: context.dir,
    dirLabel: context.dirLabel,
    ...(context.migrationFormat ? { format: context.migrationFormat } : {}),
    url: target.url,
    ...(environment ? { environment } : {}),
    production: production !== undefined,
  };
}

function describeSafely(url: string, context: CommandContext): TargetInfo | undefined {
  try {
    return describeTarget(parseTargetUrl(url, context.io.cwd));
  } catch {
    // A malformed URL of another environment says nothing about this target.
    return undefined;
  }
}
