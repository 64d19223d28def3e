/**
 * One line of `npm run bench`: what we measured, our time, the anchor we compare against (a peer
 * tool or PostgreSQL itself), and the target the issue sets, stated as a ratio or an absolute bound.
 */
export interface BenchRow {
  readonly name: string;
  /** Our wall time in milliseconds (median of the runs). */
  readonly oursMs: number;
  /** What we compare against, e.g. "pg_dump --schema-only". Omitted for absolute targets. */
  readonly anchor?: string;
  readonly anchorMs?: number;
  /** e.g. "≤ 0.2× anchor" or "< 1000 ms". */
  readonly target: string;
  readonly met: boolean;
  readonly note?: string;
}

export interface BenchSuite {
  readonly title: string;
  run(): Promise<readonly BenchRow[]>;
}

/** Median wall time of `runs` calls, after one warm-up call unless `warmup` is false. */
export async function medianMs(work: () => Promise<unknown>, runs = 5, warmup = true): Promise<number> {
  if (warmup) await work();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await work();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)]!;
}
