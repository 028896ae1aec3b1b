// Fixed-window counters kept in memory: the shared mechanism of abuse limits and sign-in throttling.

/** Limit is a count allowed per window. */
export interface Limit {
  max: number;
  windowMs: number;
}

/** Shares bounds how many buckets one network may hold once the map is half full, so that no single network can
 *  fill it. note: below half, any network may take new buckets: a crowd behind one address (an office, a
 *  carrier-grade NAT) is refused only when the map is under pressure, never on an idle server. */
export interface Shares {
  /** share is the most buckets one network may hold at once. */
  share: number;
  /** networkOf names the network of a bucket's owner (the owner add and room are told). */
  networkOf: (owner: string) => string;
}

interface Window {
  start: number;
  windowMs: number;
  count: number;
  network: string | undefined;
}

// note: like the map's own, a network's count holds its ended windows until they are swept (or
// replaced), and nextEnd is a lower bound of its windows' ends, exact after a sweep.
interface Held {
  count: number;
  nextEnd: number;
}

/** SWEEP_GAP_MS is the least time between two sweeps of the map for ended windows. */
export const SWEEP_GAP_MS = 1000;

/** FixedWindows counts per bucket name in fixed windows; a bucket never affects another. */
export class FixedWindows {
  private windows = new Map<string, Window>();
  private held = new Map<string, Held>();
  // note: no window ends before nextEnd (a lower bound, exact after a sweep), so a full map is swept at most once per ended
  // window, and at most once per SWEEP_GAP_MS: on a busy map a window ends every few milliseconds, and a caller refused
  // for want of room (a network at its share) must not make every one of its requests walk the whole map.
  private nextEnd = Infinity;
  private sweptAt = -Infinity;
  constructor(
    private now: () => number,
    private capacity = 100_000,
    private shares?: Shares,
  ) {}

  /** add counts n (default one) in bucket's current window (opening one, held by owner's network, when none is live)
   *  and returns its count; Infinity, counting nothing, when bucket has no live window and no room (see room). A caller
   *  that counts several buckets at once passes the moment t it read once (the clock is read per request, not per call). */
  add(bucket: string, limit: Limit, n = 1, owner?: string, t = this.now()): number {
    let w = this.live(bucket, t);
    if (!w) {
      if (!this.room(bucket, undefined, owner)) return Infinity;
      this.drop(bucket);
      const end = t + limit.windowMs;
      w = { start: t, windowMs: limit.windowMs, count: 0, network: this.shares && owner !== undefined ? this.shares.networkOf(owner) : undefined };
      this.windows.set(bucket, w);
      if (w.network !== undefined) {
        const h = this.held.get(w.network);
        if (!h) this.held.set(w.network, { count: 1, nextEnd: end });
        else {
          h.count++;
          h.nextEnd = Math.min(h.nextEnd, end);
        }
      }
      this.nextEnd = Math.min(this.nextEnd, end);
    }
    return (w.count += n);
  }

  /** room tells whether bucket a (and b, when named) may be counted: each has a live window, or the map (rid of
   *  ended windows) has space for the new ones, and so, with shares, has the share of their owner's network. */
  room(a: string, b?: string, owner?: string): boolean {
    if (this.fits(a, b, owner)) return true;
    this.sweep(this.now());
    return this.fits(a, b, owner);
  }

  /** secondsToRoom is how long until a window ends that makes room, in whole seconds (at least 1): the earliest of
   *  owner's network when it holds its whole share (see fullShare), else the earliest of the map. */
  secondsToRoom(owner?: string): number {
    const end = owner !== undefined && this.fullShare(owner) ? this.held.get(this.shares!.networkOf(owner))!.nextEnd : this.nextEnd;
    return Math.max(1, Math.ceil((Math.max(end, this.sweptAt + SWEEP_GAP_MS) - this.now()) / 1000));
  }

  /** fullShare tells whether owner's network holds its whole share of the map. */
  fullShare(owner: string): boolean {
    return !!this.shares && (this.held.get(this.shares.networkOf(owner))?.count ?? 0) >= this.shares.share;
  }

  /** count is how many were added in bucket's live window (0 when none is live) at t (see add). */
  count(bucket: string, t = this.now()): number {
    return this.live(bucket, t)?.count ?? 0;
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

  // note: when every bucket has a window and the map has space (the common case), no network is looked up.
  private fits(a: string, b: string | undefined, owner: string | undefined): boolean {
    const size = this.windows.size;
    if (size + (b === undefined ? 1 : 2) > this.capacity && size + this.absent(a) + this.absent(b) > this.capacity) return false;
    if (!this.shares || owner === undefined || size + 2 <= this.capacity / 2) return true;
    const t = this.now();
    const fresh = (this.live(a, t) ? 0 : 1) + (b === undefined || this.live(b, t) ? 0 : 1);
    return fresh === 0 || (this.held.get(this.shares.networkOf(owner))?.count ?? 0) + fresh <= this.shares.share;
  }

  private absent(bucket: string | undefined): number {
    return bucket === undefined || this.windows.has(bucket) ? 0 : 1;
  }

  private live(bucket: string, t: number): Window | undefined {
    const w = this.windows.get(bucket);
    return w && t - w.start < w.windowMs ? w : undefined;
  }

  /** drop forgets a bucket (its window, and its place in its network's share). */
  drop(bucket: string) {
    const w = this.windows.get(bucket);
    if (!w) return;
    this.windows.delete(bucket);
    this.release(w);
  }

  private release(w: Window) {
    if (w.network === undefined) return;
    const h = this.held.get(w.network)!;
    if (--h.count === 0) this.held.delete(w.network);
  }

  // note: each window ends by its own length, so a short limit's sweep never resets a long one.
  // A live window is never dropped to make room: evicting live counts would let anyone who can
  // fill the map (an attacker cycling addresses) reset everyone's limits, itself included; a new
  // bucket is refused instead until a window ends, so memory stays bounded by the capacity.
  private sweep(t: number) {
    if (t < this.nextEnd || t - this.sweptAt < SWEEP_GAP_MS) return;
    this.sweptAt = t;
    let next = Infinity;
    for (const h of this.held.values()) h.nextEnd = Infinity;
    for (const [k, w] of this.windows) {
      if (t - w.start >= w.windowMs) {
        this.windows.delete(k);
        this.release(w);
        continue;
      }
      const end = w.start + w.windowMs;
      next = Math.min(next, end);
      if (w.network !== undefined) {
        const h = this.held.get(w.network)!;
        h.nextEnd = Math.min(h.nextEnd, end);
      }
    }
    this.nextEnd = next;
  }
}
