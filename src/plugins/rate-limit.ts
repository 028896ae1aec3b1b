// Fixed-window abuse limits kept in memory: a limited caller gets 429 with Retry-After.
import { ADDRESS_FACTOR, type Config, type LimitedRoute } from "../config";
import { HttpError } from "../lib/http-error";
import { FixedWindows, type Limit } from "../lib/windows";

const MINUTE = 60_000;

/** RateLimiter counts hits per bucket name; other buckets are never affected. */
export class RateLimiter {
  private windows: FixedWindows;
  constructor(
    now: () => number,
    private limits?: Config["limits"],
  ) {
    this.windows = new FixedWindows(now);
  }

  /** hit counts one request in bucket and throws 429 once the limit is passed. */
  hit(bucket: string, limit: Limit, what: string) {
    if (this.windows.add(bucket, limit) > limit.max) throw this.limited(bucket, what);
  }

  /** route counts n calls of a widget write route for a visitor (when known) and for a client
   *  address, each per minute; the address may do ADDRESS_FACTOR times a visitor's limit (CONTRACT §4b). */
  route(route: LimitedRoute, visitor: string | undefined, address: string, n = 1) {
    if (!this.limits) return;
    const max = route === "messages" ? this.limits.messagesPerMinute : this.limits[route];
    const what = () => (route === "events" ? "events" : `${route} requests`);
    const byVisitor = visitor ? `route:${route}:v:${visitor}` : undefined;
    const byAddress = `route:${route}:a:${address}`;
    // note: a refused call costs nothing, so a refused batch of events does not eat the next minute's budget.
    if (byVisitor && this.windows.count(byVisitor) + n > max) throw this.limited(byVisitor, what());
    if (this.windows.count(byAddress) + n > max * ADDRESS_FACTOR) throw this.limited(byAddress, `${what()} from this address`);
    if (byVisitor) this.windows.add(byVisitor, { max, windowMs: MINUTE }, n);
    this.windows.add(byAddress, { max: max * ADDRESS_FACTOR, windowMs: MINUTE }, n);
  }

  // note: a batch larger than the whole limit finds no live window; it may try again in a minute.
  private limited(bucket: string, what: string) {
    const retryAfter = this.windows.secondsLeft(bucket) || MINUTE / 1000;
    return new HttpError(429, "rate_limited", `Too many ${what}; try again in ${retryAfter} s.`, undefined, { "retry-after": String(retryAfter) });
  }
}
