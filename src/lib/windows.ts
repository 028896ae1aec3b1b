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

  /** add counts one in bucket's current window (opening one when none is live) and returns its count. */
  add(bucket: string, limit: Limit): number {
    const t = this.now();
    let w = this.live(bucket, t);
    if (!w) {
      if (this.windows.size >= this.capacity) this.sweep(t);
      w = { start: t, windowMs: limit.windowMs, count: 0 };
      this.windows.set(bucket, w);
    }
    return ++w.count;
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

  /** reset forgets a bucket. */
  reset(bucket: string) {
    this.windows.delete(bucket);
  }

  private live(bucket: string, t: number): Window | undefined {
    const w = this.windows.get(bucket);
    return w && t - w.start < w.windowMs ? w : undefined;
  }

  // note: each window ends by its own length, so a short limit's sweep never resets a long one.
  private sweep(t: number) {
    for (const [k, w] of this.windows) if (t - w.start >= w.windowMs) this.windows.delete(k);
  }
}
