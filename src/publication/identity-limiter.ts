/**
 * Fixed-window counters per key (a hashed name or credential), in memory on each node like the IP limits.
 * Pure apart from its own state: the caller passes the time.
 */
export class WindowLimiter {
  private readonly counts = new Map<string, { window: number; n: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly maxKeys = 200_000,
  ) {}

  /** Counts one use of every key; false (and nothing counted) when any of them is already at its limit. */
  allow(keys: readonly string[], nowMs: number): boolean {
    const window = Math.floor(nowMs / this.windowMs);
    const entries = keys.map((k) => {
      const e = this.counts.get(k);
      return e && e.window === window ? e : { window, n: 0 };
    });
    if (entries.some((e) => e.n >= this.limit)) {
      return false;
    }
    if (this.counts.size + keys.length > this.maxKeys) {
      this.prune(window);
    }
    keys.forEach((k, i) => {
      entries[i].n += 1;
      this.counts.set(k, entries[i]);
    });
    return true;
  }

  private prune(window: number): void {
    for (const [k, e] of this.counts) {
      if (e.window !== window) {
        this.counts.delete(k);
      }
    }
    if (this.counts.size + 2 > this.maxKeys) {
      // Everyone is in the current window: start over rather than grow without bound.
      this.counts.clear();
    }
  }
}
