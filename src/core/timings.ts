/** Wall milliseconds per phase (SPEC "timings"); `total` is always present. */
export type Timings = Readonly<Record<string, number>> & { readonly total: number };

/** Records phase durations; phases that run more than once accumulate. */
export class Stopwatch {
  private readonly started = performance.now();
  private readonly phases = new Map<string, number>();

  async time<T>(phase: string, work: () => Promise<T>): Promise<T> {
    const start = performance.now();
    try {
      return await work();
    } finally {
      this.add(phase, performance.now() - start);
    }
  }

  add(phase: string, milliseconds: number): void {
    this.phases.set(phase, (this.phases.get(phase) ?? 0) + milliseconds);
  }

  result(): Timings {
    const out: Record<string, number> = { total: Math.round(performance.now() - this.started) };
    for (const [phase, ms] of this.phases) out[phase] = Math.round(ms);
    return out as Timings;
  }
}
