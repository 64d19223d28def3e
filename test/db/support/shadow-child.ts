// Run by shadow-cache.test.ts in a separate process (via jiti), to exercise what only a second
// process can: concurrent builds across processes, clean-up at exit, leftovers of a killed process.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { openCachedShadow } from '../../../src/db/shadow-cache.js';
import { fillShadow, itemCount } from './shadow-fixture.js';

type Mode = 'open' | 'exit-in-build' | 'hang-in-build';
const [cacheDir, key, mode] = process.argv.slice(2) as [string, string, Mode];
const report = (value: object): boolean => process.stdout.write(`${JSON.stringify(value)}\n`);

const shadow = await openCachedShadow({
  cacheDir,
  key,
  extensions: [],
  build: async (client) => {
    await fillShadow(client);
    if (mode !== 'open') {
      // The temporary build folder exists now; say which, then leave without cleaning up.
      report({ tmp: readdirSync(path.join(cacheDir, 'shadow', 'tmp')) });
      if (mode === 'exit-in-build') process.exit(0);
      await new Promise(() => setInterval(() => undefined, 1000));
    }
    // Keep the build going long enough for the other process to be building at the same time.
    await new Promise((resolve) => setTimeout(resolve, 500));
  },
});
report({ fromCache: shadow.fromCache, items: await itemCount(shadow.client) });
await shadow.client.close();
