import pg from 'pg';
const c = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/pgpreflight_bench_sample_keep' });
await c.connect();
let t = performance.now();
let n = 0;
for (let i = 0; i < 90; i++) {
  const s = i % 5 === 0 ? 'app' : 'public';
  const r = await c.query(`select row(t.*)::text as r, t.id::text as k0 from ${s}.t${i} t limit 10000`);
  n += r.rows.length;
}
console.log('row text', Math.round(performance.now() - t), n);
t = performance.now();
for (let i = 0; i < 90; i++) {
  const s = i % 5 === 0 ? 'app' : 'public';
  await c.query({ text: `select row(t.*)::text as r, t.id::text as k0 from ${s}.t${i} t limit 10000`, rowMode: 'array' });
}
console.log('row text, array mode', Math.round(performance.now() - t));
t = performance.now();
for (let i = 0; i < 90; i++) {
  const s = i % 5 === 0 ? 'app' : 'public';
  await c.query(`select count(*) from (select row(t.*)::text as r from ${s}.t${i} t limit 10000) x`);
}
console.log('server side only', Math.round(performance.now() - t));
await c.end();
