import { execFileSync } from 'node:child_process';
import { prismaProject, fixtureProject, type FixtureProject } from '../support/fixture-project.js';
import { runCliProcess, type CliRun } from '../support/run-cli.js';
import { serverUrl } from '../support/test-database.js';

/** A project whose files are committed in a git repository of its own (production deploys need that). */
export function committed<P extends FixtureProject>(project: P): P {
  const git = (...args: string[]): void => {
    execFileSync('git', args, { cwd: project.root, stdio: 'ignore' });
  };
  git('init', '-q');
  git('add', '-A');
  git('-c', 'user.name=test', '-c', 'user.email=test@example.com', 'commit', '-qm', 'migrations');
  return project;
}

export function commitAll(project: FixtureProject): void {
  execFileSync('git', ['add', '-A'], { cwd: project.root, stdio: 'ignore' });
  execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', 'commit', '-qm', 'more'], {
    cwd: project.root,
    stdio: 'ignore',
  });
}

/** A Supabase project: supabase/migrations/<version>_<name>.sql. */
export function supabaseProject(migrations: Readonly<Record<string, string>>): FixtureProject {
  const project = fixtureProject('pgpreflight-supabase-');
  project.write('supabase/config.toml', 'project_id = "test"\n');
  for (const [name, sql] of Object.entries(migrations)) project.write(`supabase/migrations/${name}.sql`, sql);
  return project;
}

export { prismaProject };

/**
 * Check's shadow on a scratch database of the test server: the same gate in half the time of the
 * embedded one (PGlite's start and replay), which matters over dozens of deploys. The embedded gate
 * is exercised by the demo test and by deployJsonEmbedded.
 */
export function withServerShadow(args: readonly string[]): readonly string[] {
  return args.includes('--shadow-url') ? args : [...args, '--shadow-url', serverUrl()!];
}

/** `pgpreflight deploy … --format json` (server shadow), parsed; the run itself for exit code and stderr. */
export async function deployJson(
  project: FixtureProject,
  args: readonly string[],
  env: Record<string, string | undefined> = {},
): Promise<{ run: CliRun; json: any }> {
  return deployJsonEmbedded(project, withServerShadow(args), env);
}

/** `pgpreflight deploy … --format json` with the embedded shadow (PGlite), as users run it by default. */
export async function deployJsonEmbedded(
  project: FixtureProject,
  args: readonly string[],
  env: Record<string, string | undefined> = {},
): Promise<{ run: CliRun; json: any }> {
  const run = await runCliProcess(['deploy', '--format', 'json', ...args], { cwd: project.root, env });
  let json: any;
  try {
    json = JSON.parse(run.stdout);
  } catch {
    throw new Error(`deploy printed no JSON (exit ${run.code}):\n${run.stdout}\n${run.stderr}`);
  }
  return { run, json };
}
