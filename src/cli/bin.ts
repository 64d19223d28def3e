import { cleanupOnInterrupt } from './interrupt.js';
import { runCli } from './main.js';

cleanupOnInterrupt();
process.exitCode = await runCli(process.argv.slice(2));
