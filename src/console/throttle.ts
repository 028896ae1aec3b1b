// Sign-in throttling: failed attempts counted per email and address; a locked pair answers 429.
import { HttpError } from "../lib/http-error";

/** ThrottleLimit is how many failures a window allows. */
export interface ThrottleLimit {
  max: number;
  windowMs: number;
}

/** LOGIN_LIMIT: five wrong passwords for one email from one address lock it for 15 minutes. */
export const LOGIN_LIMIT: ThrottleLimit = { max: 5, windowMs: 15 * 60_000 };
/** ADDRESS_LIMIT bounds password spraying across many emails from one address. */
export const ADDRESS_LIMIT: ThrottleLimit = { max: 50, windowMs: 15 * 60_000 };

/** LoginThrottle remembers recent failures in memory (a restart forgets them, by design small). */
export class LoginThrottle {
  private failures = new Map<string, { start: number; count: number }>();
  constructor(private now: () => number) {}

  /** check throws 429 with Retry-After while any of the buckets is locked. */
  check(buckets: [string, ThrottleLimit][]) {
    for (const [bucket, limit] of buckets) {
      const retry = this.retryAfter(bucket, limit);
      if (retry > 0) throw tooMany(retry);
    }
  }

  /** fail counts one failure in every bucket; the failure that reaches a limit already answers 429. */
  fail(buckets: [string, ThrottleLimit][]) {
    const t = this.now();
    for (const [bucket, limit] of buckets) {
      let w = this.failures.get(bucket);
      if (!w || t - w.start >= limit.windowMs) {
        if (this.failures.size > 50_000) this.sweep(t, limit.windowMs);
        w = { start: t, count: 0 };
        this.failures.set(bucket, w);
      }
      w.count++;
    }
    this.check(buckets);
  }

  /** reset forgets a bucket's failures after a successful sign-in. */
  reset(bucket: string) {
    this.failures.delete(bucket);
  }

  private retryAfter(bucket: string, limit: ThrottleLimit): number {
    const w = this.failures.get(bucket);
    const t = this.now();
    if (!w || t - w.start >= limit.windowMs || w.count < limit.max) return 0;
    return Math.max(1, Math.ceil((w.start + limit.windowMs - t) / 1000));
  }

  private sweep(t: number, windowMs: number) {
    for (const [k, w] of this.failures) if (t - w.start >= windowMs) this.failures.delete(k);
  }
}

const tooMany = (retryAfter: number) =>
  new HttpError(429, "too_many_attempts", `Too many failed sign-in attempts; try again in ${Math.ceil(retryAfter / 60)} min.`, undefined, {
    "retry-after": String(retryAfter),
  });
