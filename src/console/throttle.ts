// Sign-in throttling: failed attempts counted per email and address; a locked pair answers 429.
import { HttpError } from "../lib/http-error";
import { FixedWindows, type Limit } from "../lib/windows";

/** ThrottleLimit is how many failures a window allows. */
export type ThrottleLimit = Limit;

/** LOGIN_LIMIT: five wrong passwords for one email from one address lock it for 15 minutes. */
export const LOGIN_LIMIT: ThrottleLimit = { max: 5, windowMs: 15 * 60_000 };
/** ADDRESS_LIMIT bounds password spraying across many emails from one address. */
export const ADDRESS_LIMIT: ThrottleLimit = { max: 50, windowMs: 15 * 60_000 };

/** LoginThrottle remembers recent failures in memory (a restart forgets them, by design small). */
export class LoginThrottle {
  private failures: FixedWindows;
  constructor(now: () => number) {
    this.failures = new FixedWindows(now, 50_000);
  }

  /** check throws 429 with Retry-After while any of the buckets is locked. */
  check(buckets: [string, ThrottleLimit][]) {
    for (const [bucket, limit] of buckets) {
      if (this.failures.count(bucket) >= limit.max) throw tooMany(this.failures.secondsLeft(bucket));
    }
  }

  /** fail counts one failure in every bucket; the failure that reaches a limit already answers 429. */
  fail(buckets: [string, ThrottleLimit][]) {
    for (const [bucket, limit] of buckets) this.failures.add(bucket, limit);
    this.check(buckets);
  }

  /** reset forgets a bucket's failures after a successful sign-in. */
  reset(bucket: string) {
    this.failures.reset(bucket);
  }
}

const tooMany = (retryAfter: number) =>
  new HttpError(429, "too_many_attempts", `Too many failed sign-in attempts; try again in ${Math.ceil(retryAfter / 60)} min.`, undefined, {
    "retry-after": String(retryAfter),
  });
