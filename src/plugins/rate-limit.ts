// Fixed-window abuse limits kept in memory: a limited caller gets 429 with Retry-After.
import { ADDRESS_FACTOR, type Config, type LimitedRoute } from "../config";
import { networkOf } from "../lib/address";
import { HttpError } from "../lib/http-error";
import { FixedWindows, type Limit } from "../lib/windows";

const MINUTE = 60_000;
/** REPEAT_FACTOR: a visitor may repeat sends (a clientId already stored: a retry) this many times its message limit. */
export const REPEAT_FACTOR = 2;
/** NETWORK_SHARE: one network (an IPv4 address, an IPv6 /48; see networkOf) may hold at most this part of the limiter's buckets once half of them are held.
 *  note: without it ~150 /64s at their caps fill the map, and one /48 holds 65 536 of them: one rented network could
 *  refuse every new visitor of the site. A twentieth (5 000 of 100 000) is above what one busy address can use: a
 *  visitor holds at most one bucket per limited route (10) and an address one per route and key, so 5 000 is ~500
 *  visitors behind one address in the same minute, each using every route; an open page takes 2 to 4 (presence every
 *  30 s, session at a load, events, reads), and ~1 200 open pages behind one address already meet its own presence
 *  cap (2 400 a minute). A carrier-grade NAT shares an IPv4 among tens to a few hundred subscribers, a few of them on
 *  one site at once. A larger share lets fewer networks fill the map; a smaller one comes closer to refusing those crowds. */
export const NETWORK_SHARE = 1 / 20;

/** SharedCount is one count added to a bucket, as told to the other instances. */
export interface SharedCount {
  bucket: string;
  max: number;
  windowMs: number;
  n: number;
  owner: string;
}

/** RateLimiter counts hits per bucket name; other buckets are never affected. */
export class RateLimiter {
  private windows: FixedWindows;
  constructor(
    private now: () => number,
    private limits?: Config["limits"],
    capacity = 100_000,
  ) {
    this.windows = new FixedWindows(now, capacity, { share: Math.max(1, Math.floor(capacity * NETWORK_SHARE)), networkOf });
  }

  /** share, when set, is told every count added here, so that the other instances on one database add it too. */
  share?: (count: SharedCount) => void;

  /** absorb adds the counts other instances made (see share), as far as there is room for them. */
  absorb(counts: SharedCount[]) {
    for (const c of counts) this.windows.add(c.bucket, { max: c.max, windowMs: c.windowMs }, c.n, c.owner);
  }

  private add(bucket: string, limit: Limit, n: number, owner: string, t?: number) {
    const count = this.windows.add(bucket, limit, n, owner, t);
    this.share?.({ bucket, max: limit.max, windowMs: limit.windowMs, n, owner });
    return count;
  }

  /** size is how many buckets are held (never more than the capacity). */
  get size() {
    return this.windows.size;
  }

  /** hit counts one request in bucket, held by address's network (address: a limit key), and throws 429 once the
   *  limit is passed (or when bucket is new and no room is left, in the map or in the network's share). */
  hit(bucket: string, limit: Limit, what: string, address: string) {
    if (!this.windows.room(bucket, undefined, address)) throw this.full(address);
    if (this.add(bucket, limit, 1, address) > limit.max) throw this.limited(bucket, what);
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
    // note: one moment for the whole charge, so no window ends between a check and its count.
    const t = this.now();
    // note: a refused call costs nothing, so a refused batch of events does not eat the next minute's budget.
    if (byVisitor && this.windows.count(byVisitor, t) + n > max) throw this.limited(byVisitor, what);
    if (this.windows.count(byAddress, t) + n > max * ADDRESS_FACTOR) throw this.limited(byAddress, `${what} from this address`);
    // note: a visitor's buckets are held by the network its request came from, like the address's own.
    if (!this.windows.room(byVisitor ?? byAddress, byVisitor && byAddress, address)) throw this.full(address);
    if (byVisitor) this.add(byVisitor, { max, windowMs: MINUTE }, n, address, t);
    this.add(byAddress, { max: max * ADDRESS_FACTOR, windowMs: MINUTE }, n, address, t);
  }

  // note: a batch larger than the whole limit finds no live window; it may try again in a minute.
  private limited(bucket: string, what: string) {
    return tooMany(`Too many ${what}`, this.windows.secondsLeft(bucket) || MINUTE / 1000);
  }

  // note: a full map, or a network holding its whole share, takes no new bucket until one of its windows ends (see
  // FixedWindows): callers already counted go on being served, and so are other networks' new visitors.
  private full(address: string) {
    const what = this.windows.fullShare(address) ? "Too many requests from your network right now" : "Too many requests right now";
    return tooMany(what, this.windows.secondsToRoom(address));
  }
}

const tooMany = (what: string, retryAfter: number) =>
  new HttpError(429, "rate_limited", `${what}; try again in ${retryAfter} s.`, undefined, { "retry-after": String(retryAfter) });
