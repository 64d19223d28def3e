// Spawned by embedded-shadow.bench.ts: the first shadow open of a fresh process (WASM compiled from
// scratch), timed inside the process so jiti's start-up is not counted.
import { openCachedShadow } from '../src/db/shadow-cache.js';

const [cacheDir, key, extensions] = process.argv.slice(2) as [string, string, string];
const start = performance.now();
const shadow = await openCachedShadow({
  cacheDir,
  key,
  extensions: extensions === 'all' ? undefined : extensions.split(','),
  build: () => Promise.reject(new Error('the bench expects a cache hit')),
});
await shadow.client.query('SELECT count(*) FROM pg_class');
const readyMs = performance.now() - start;
await shadow.client.close();
process.stdout.write(`${JSON.stringify({ readyMs, fromCache: shadow.fromCache })}\n`);
