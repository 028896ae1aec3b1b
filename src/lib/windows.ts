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
  // note: no window ends before nextEnd (a lower bound, exact after a sweep), so a full map is swept at most once per ended window.
  private nextEnd = Infinity;
  constructor(
    private now: () => number,
    private capacity = 100_000,
  ) {}

  /** add counts n (default one) in bucket's current window (opening one when none is live) and returns its count;
   *  Infinity, counting nothing, when the map is full and bucket has no live window (see room). */
  add(bucket: string, limit: Limit, n = 1): number {
    const t = this.now();
    let w = this.live(bucket, t);
    if (!w) {
      if (!this.room(bucket)) return Infinity;
      this.windows.delete(bucket);
      w = { start: t, windowMs: limit.windowMs, count: 0 };
      this.windows.set(bucket, w);
      this.nextEnd = Math.min(this.nextEnd, t + limit.windowMs);
    }
    return (w.count += n);
  }

  /** room tells whether every bucket named may be counted: each has a window, or the map (rid of ended windows) has space for the new ones. */
  room(...buckets: string[]): boolean {
    if (this.windows.size + buckets.length <= this.capacity) return true;
    const fits = () => this.windows.size + buckets.filter((b) => !this.windows.has(b)).length <= this.capacity;
    if (fits()) return true;
    this.sweep(this.now());
    return fits();
  }

  /** secondsToRoom is how long until the earliest window ends, in whole seconds (at least 1): when a full map may take a new bucket. */
  secondsToRoom(): number {
    return Math.max(1, Math.ceil((this.nextEnd - this.now()) / 1000));
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
  // A live window is never dropped to make room: evicting live counts would let anyone who can
  // fill the map (an attacker cycling addresses) reset everyone's limits, itself included; a new
  // bucket is refused instead until a window ends, so memory stays bounded by the capacity.
  private sweep(t: number) {
    if (t < this.nextEnd) return;
    let next = Infinity;
    for (const [k, w] of this.windows) {
      if (t - w.start >= w.windowMs) this.windows.delete(k);
      else next = Math.min(next, w.start + w.windowMs);
    }
    this.nextEnd = next;
  }
}
