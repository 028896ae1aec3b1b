// Fixed-window abuse limits kept in memory: a limited caller gets 429 with Retry-After.
import { HttpError } from "../lib/http-error";
import { FixedWindows, type Limit } from "../lib/windows";

/** RateLimiter counts hits per bucket name; other buckets are never affected. */
export class RateLimiter {
  private windows: FixedWindows;
  constructor(now: () => number) {
    this.windows = new FixedWindows(now);
  }

  /** hit counts one request in bucket and throws 429 once the limit is passed. */
  hit(bucket: string, limit: Limit, what: string) {
    if (this.windows.add(bucket, limit) <= limit.max) return;
    const retryAfter = this.windows.secondsLeft(bucket);
    throw new HttpError(429, "rate_limited", `Too many ${what}; try again in ${retryAfter} s.`, undefined, { "retry-after": String(retryAfter) });
  }
}
