// Fixed-window abuse limits kept in memory: a limited caller gets 429 with Retry-After.
import { ADDRESS_FACTOR, type Config, type LimitedRoute } from "../config";
import { HttpError } from "../lib/http-error";
import { FixedWindows, type Limit } from "../lib/windows";

const MINUTE = 60_000;
/** REPEAT_FACTOR: a visitor may repeat sends (a clientId already stored: a retry) this many times its message limit. */
export const REPEAT_FACTOR = 2;

/** RateLimiter counts hits per bucket name; other buckets are never affected. */
export class RateLimiter {
  private windows: FixedWindows;
  constructor(
    now: () => number,
    private limits?: Config["limits"],
    capacity?: number,
  ) {
    this.windows = new FixedWindows(now, capacity);
  }

  /** size is how many buckets are held (never more than the capacity). */
  get size() {
    return this.windows.size;
  }

  /** hit counts one request in bucket and throws 429 once the limit is passed (or when bucket is new and no room is left). */
  hit(bucket: string, limit: Limit, what: string) {
    if (!this.windows.room(bucket)) throw this.full();
    if (this.windows.add(bucket, limit) > limit.max) throw this.limited(bucket, what);
  }

  /** route counts n calls of a widget write route for a visitor (when known) and for a client
   *  address, each per minute; the address may do ADDRESS_FACTOR times a visitor's limit (CONTRACT §4b). */
  route(route: LimitedRoute, visitor: string | undefined, address: string, n = 1) {
    if (!this.limits) return;
    const max = route === "messages" ? this.limits.messagesPerMinute : this.limits[route];
    this.charge(route, max, route === "events" ? "events" : `${route} requests`, visitor, address, n);
  }

  /** repeat counts a send that repeats a stored clientId, in buckets of its own REPEAT_FACTOR times the message limit,
   *  so a genuine retry costs no message but a loop of them is still refused. */
  repeat(visitor: string, address: string) {
    if (!this.limits) return;
    this.charge("repeats", this.limits.messagesPerMinute * REPEAT_FACTOR, "repeated messages", visitor, address, 1);
  }

  private charge(name: string, max: number, what: string, visitor: string | undefined, address: string, n: number) {
    const byVisitor = visitor ? `route:${name}:v:${visitor}` : undefined;
    const byAddress = `route:${name}:a:${address}`;
    // note: a refused call costs nothing, so a refused batch of events does not eat the next minute's budget.
    if (byVisitor && this.windows.count(byVisitor) + n > max) throw this.limited(byVisitor, what);
    if (this.windows.count(byAddress) + n > max * ADDRESS_FACTOR) throw this.limited(byAddress, `${what} from this address`);
    if (!this.windows.room(...(byVisitor ? [byVisitor, byAddress] : [byAddress]))) throw this.full();
    if (byVisitor) this.windows.add(byVisitor, { max, windowMs: MINUTE }, n);
    this.windows.add(byAddress, { max: max * ADDRESS_FACTOR, windowMs: MINUTE }, n);
  }

  // note: a batch larger than the whole limit finds no live window; it may try again in a minute.
  private limited(bucket: string, what: string) {
    return tooMany(`Too many ${what}`, this.windows.secondsLeft(bucket) || MINUTE / 1000);
  }

  // note: a full map takes no new bucket until a window ends (see FixedWindows): callers already counted go on being served.
  private full() {
    return tooMany("Too many requests right now", this.windows.secondsToRoom());
  }
}

const tooMany = (what: string, retryAfter: number) =>
  new HttpError(429, "rate_limited", `${what}; try again in ${retryAfter} s.`, undefined, { "retry-after": String(retryAfter) });
