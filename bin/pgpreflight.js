#!/usr/bin/env node
import v8 from 'node:v8';

// `lint` parses many small files once: WebAssembly's baseline compiler is enough, and skipping the
// optimizing tier saves start-up CPU. Commands that run PGlite (check, status on pglite:) keep it.
if (process.argv[2] === 'lint') v8.setFlagsFromString('--liftoff-only');

await import('../dist/cli/bin.js');
