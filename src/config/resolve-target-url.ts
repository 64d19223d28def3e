import { PgPreflightError } from '../core/pgpreflight-error.js';
import { registerSecretsInUrl } from '../core/redact-secrets.js';
import type { ResolvedConfig } from './config-schema.js';

export interface TargetSelection {
  readonly url: string;
  /** Where the URL came from, for messages: "--url", "environments.staging.url", "DATABASE_URL". */
  readonly source: string;
  readonly environment?: string;
  readonly production: boolean;
}

export interface TargetRequest {
  readonly url?: string;
  readonly env?: string;
}

/**
 * SPEC "Commands": `--url` wins; else the `--env` environment's URL from config; else DATABASE_URL.
 * Returns undefined when none is given, so each command decides whether it needs a target.
 */
export function resolveTargetUrl(
  request: TargetRequest,
  config: ResolvedConfig,
  env: Readonly<Record<string, string | undefined>>,
): TargetSelection | undefined {
  const environments = config.environments ?? {};
  const environmentName = request.env;
  const environment = environmentName === undefined ? undefined : environments[environmentName];
  if (environmentName !== undefined && !environment) {
    const known = Object.keys(environments);
    throw new PgPreflightError('ENV_NOT_FOUND', `--env ${environmentName}: no such environment in the config`, {
      hint: known.length ? `known environments: ${known.join(', ')}` : 'add it under environments in pgpreflight.config.ts',
    });
  }
  const production = environment?.production === true;
  const named = environmentName === undefined ? {} : { environment: environmentName };

  if (request.url !== undefined) {
    registerSecretsInUrl(request.url);
    return { url: request.url, source: '--url', production, ...named };
  }
  if (environment) {
    const setting = `environments.${environmentName}.url`;
    if (typeof environment.url === 'string') {
      registerSecretsInUrl(environment.url);
      return { url: environment.url, source: setting, production, ...named };
    }
    const value = env[environment.url.env];
    if (!value) {
      throw new PgPreflightError('URL_MISSING', `${setting}: environment variable ${environment.url.env} is not set`, {
        hint: `export ${environment.url.env}=postgres://… (or put it in .env) and run again`,
      });
    }
    registerSecretsInUrl(value);
    return { url: value, source: `${setting} (${environment.url.env})`, production, ...named };
  }
  if (env.DATABASE_URL) {
    registerSecretsInUrl(env.DATABASE_URL);
    return { url: env.DATABASE_URL, source: 'DATABASE_URL', production: false };
  }
  return undefined;
}
