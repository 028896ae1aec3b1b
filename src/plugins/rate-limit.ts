// Fixed-window abuse limits kept in memory: a limited caller gets 429 with Retry-After.
import { HttpError } from "../lib/http-error";

/** Limit is a count allowed per window. */
export interface Limit {
  max: number;
  windowMs: number;
}

/** RateLimiter counts hits per bucket name; other buckets are never affected. */
export class RateLimiter {
  private windows = new Map<string, { start: number; count: number }>();
  constructor(private now: () => number) {}

  /** hit counts one request in bucket and throws 429 once the limit is passed. */
  hit(bucket: string, limit: Limit, what: string) {
    const t = this.now();
    let w = this.windows.get(bucket);
    if (!w || t - w.start >= limit.windowMs) {
      if (this.windows.size > 100_000) this.sweep(t, limit.windowMs);
      w = { start: t, count: 0 };
      this.windows.set(bucket, w);
    }
    w.count++;
    if (w.count > limit.max) {
      const retryAfter = Math.max(1, Math.ceil((w.start + limit.windowMs - t) / 1000));
      throw new HttpError(429, "rate_limited", `Too many ${what}; try again in ${retryAfter} s.`, undefined, {
        "retry-after": String(retryAfter),
      });
    }
  }

  private sweep(t: number, windowMs: number) {
    for (const [k, w] of this.windows) if (t - w.start >= windowMs) this.windows.delete(k);
  }
}
