// Fixed-window counters kept in memory: the shared mechanism of abuse limits and sign-in throttling.

/** Limit is a count allowed per window. */
export interface Limit {
  max: number;
  windowMs: number;
}

interface Window {
  start: number;
  windowMs: number;
  count: number;
}

/** FixedWindows counts per bucket name in fixed windows; a bucket never affects another. */
export class FixedWindows {
  private windows = new Map<string, Window>();
  constructor(
    private now: () => number,
    private capacity = 100_000,
  ) {}

  /** add counts n (default one) in bucket's current window (opening one when none is live) and returns its count. */
  add(bucket: string, limit: Limit, n = 1): number {
    const t = this.now();
    let w = this.live(bucket, t);
    if (!w) {
      this.windows.delete(bucket);
      if (this.windows.size >= this.capacity) this.sweep(t);
      w = { start: t, windowMs: limit.windowMs, count: 0 };
      this.windows.set(bucket, w);
    }
    return (w.count += n);
  }

  /** count is how many were added in bucket's live window (0 when none is live). */
  count(bucket: string): number {
    return this.live(bucket, this.now())?.count ?? 0;
  }

  /** secondsLeft is how long bucket's live window still runs, in whole seconds (at least 1). */
  secondsLeft(bucket: string): number {
    const t = this.now();
    const w = this.live(bucket, t);
    return w ? Math.max(1, Math.ceil((w.start + w.windowMs - t) / 1000)) : 0;
  }

  /** size is how many buckets are held (never more than the capacity). */
  get size() {
    return this.windows.size;
  }

  /** reset forgets a bucket. */
  reset(bucket: string) {
    this.windows.delete(bucket);
  }

  private live(bucket: string, t: number): Window | undefined {
    const w = this.windows.get(bucket);
    return w && t - w.start < w.windowMs ? w : undefined;
  }

  // note: each window ends by its own length, so a short limit's sweep never resets a long one.
  // When every window is still live (an attacker cycling addresses), the oldest opened go, so
  // the map never holds more than its capacity: memory stays bounded, at the price of forgetting
  // the longest-running counts first.
  private sweep(t: number) {
    for (const [k, w] of this.windows) if (t - w.start >= w.windowMs) this.windows.delete(k);
    const over = this.windows.size - this.capacity + Math.max(1, Math.floor(this.capacity / 10));
    if (over <= 0) return;
    let dropped = 0;
    for (const k of this.windows.keys()) {
      if (dropped++ >= over) break;
      this.windows.delete(k);
    }
  }
}
