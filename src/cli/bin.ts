import { runShutdownTasks } from '../core/shutdown-tasks.js';
import { cancelOpenQueries } from '../db/cancel-open-queries.js';
import { stopPgTools } from '../db/pg-tool-cleanup.js';
import { dropServerShadows } from '../db/server-shadow.js';
import { removeShadowTempDirs } from '../db/shadow-temp-dirs.js';
import { cleanupOnInterrupt, onInterrupt } from './interrupt.js';
import { runCli } from './main.js';

cleanupOnInterrupt();
// `pgpreflight … | head` closes the pipe early: that is the reader's choice, not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}
// A shadow being built on Ctrl-C leaves a half-written folder; remove it before exiting.
onInterrupt(removeShadowTempDirs);
// A scratch database on a --shadow-url server is dropped too.
onInterrupt(dropServerShadows);
// A pg_dump still writing is stopped, and its unverified file removed.
onInterrupt(stopPgTools);
// A query still running on a target (a probe, an invariant) is cancelled, not left to its timeout.
onInterrupt(cancelOpenQueries);
// A deploy cancels its statement and records the failure in history before the process exits.
onInterrupt(runShutdownTasks);
process.exitCode = await runCli(process.argv.slice(2));
