// PresenceBook keeps heartbeats in memory (they are hot) and flushes them to SQLite in batches.
import { gt, sql } from "drizzle-orm";
import { presence } from "../../../../db/schema";
import type { Store } from "../../../../db/store";

/** A visitor is online for this long after its last non-offline heartbeat. */
export const ONLINE_MS = 60_000;
/** Heartbeats are kept in memory this long; SQLite keeps every visitor's last one. */
const KEEP_MS = 10 * ONLINE_MS;

/** FLUSH_ROWS is how many heartbeats one write of a flush stores, in one statement: the event loop turns between the
 *  writes, so the thousands of heartbeats a busy site sends between two flushes never hold it long. */
export const FLUSH_ROWS = 200;

/** LOAD_OVERLAP_MS: a load after the first asks for the heartbeats seen since the one before it began, less this much,
 *  since a heartbeat is stored up to a flush (5 s) after it was seen, and the instances' clocks may differ a little. */
const LOAD_OVERLAP_MS = 15_000;

/** GOODBYE_MS: a page that closes says `hidden` (its visibility change) and `offline` (its pagehide) in two beacons, which
 *  may be taken in either order; a `hidden` within this long of an `offline` is that same goodbye, not a page still open. */
export const GOODBYE_MS = 2_000;

/** Beat is one visitor's latest heartbeat. */
export interface Beat {
  visitorId: string;
  workspaceId: string;
  state: "active" | "idle" | "hidden" | "offline";
  pageUrl: string | null;
  lastSeenAt: number;
}

/** PresenceBook records heartbeats and answers who is online now. */
export class PresenceBook {
  private beats = new Map<string, Beat>();
  private dirty = new Set<string>();

  constructor(
    private store: Store,
    private now: () => number,
    private log: (m: string) => void,
  ) {}

  /** loadedFrom is when the last load that succeeded began (undefined: none yet). */
  private loadedFrom: number | undefined;

  /** load brings back the recent heartbeats flushed before a restart, so who is online survives it; on Postgres, run
   *  after each flush, it also takes what the other instances flushed since the load before (see LOAD_OVERLAP_MS). A
   *  heartbeat newer than the one held wins. */
  async load() {
    const started = this.now();
    const since = this.loadedFrom === undefined ? started - KEEP_MS : Math.max(started - KEEP_MS, this.loadedFrom - LOAD_OVERLAP_MS);
    const rows = await this.store.db.select().from(presence).where(gt(presence.lastSeenAt, since)).all();
    for (const r of rows) this.absorb(r);
    this.loadedFrom = started;
  }

  /** share, when set, tells the other instances of a heartbeat (see sharePresence). */
  share?: (beat: Beat) => void;

  /** beat records a heartbeat (unless it is the `hidden` of a goodbye whose `offline` came first). */
  beat(b: Omit<Beat, "lastSeenAt">) {
    const held = this.beats.get(b.visitorId);
    const beat = { ...b, lastSeenAt: this.now() };
    if (!supersedes(beat, held, true)) return;
    this.beats.set(b.visitorId, beat);
    this.dirty.add(b.visitorId);
    // note: a new state or page, or the first beat in half of ONLINE_MS, reaches the other instances at once; the
    // others reach them with the next flush.
    if (this.share && (!held || held.state !== beat.state || held.pageUrl !== beat.pageUrl || beat.lastSeenAt - held.lastSeenAt >= ONLINE_MS / 2)) this.share(beat);
  }

  /** absorb takes a heartbeat another instance had (over the bus, or flushed) when it is newer than the one held (a
   *  goodbye's two beacons may have gone to two instances); that instance flushes it. */
  absorb(b: Beat) {
    if (supersedes(b, this.beats.get(b.visitorId))) this.beats.set(b.visitorId, b);
  }

  /** online lists the workspace's visitors seen within ONLINE_MS and not offline. */
  online(workspaceId: string): Beat[] {
    const t = this.now();
    const out: Beat[] = [];
    for (const b of this.beats.values()) {
      if (b.workspaceId === workspaceId && b.state !== "offline" && t - b.lastSeenAt < ONLINE_MS) out.push(b);
    }
    return out.sort((a, b) => b.lastSeenAt - a.lastSeenAt);
  }

  /** forget drops a visitor's heartbeat from memory (after the visitor was erased). */
  forget(visitorId: string) {
    this.beats.delete(visitorId);
    this.dirty.delete(visitorId);
  }

  /** get returns a visitor's latest heartbeat, if any. */
  get(visitorId: string): Beat | undefined {
    return this.beats.get(visitorId);
  }

  /** flush writes the heartbeats that changed since the last flush, FLUSH_ROWS to a write; those of a write that
   *  failed are tried again at the next flush. */
  async flush() {
    if (this.dirty.size === 0) return;
    const rows = [...this.dirty].map((id) => this.beats.get(id)!).filter(Boolean);
    this.dirty.clear();
    let failure: unknown = null;
    for (let i = 0; i < rows.length; i += FLUSH_ROWS) {
      const chunk = rows.slice(i, i + FLUSH_ROWS);
      try {
        await this.store.write(async (tx) => {
          await tx.insert(presence)
            .values(chunk)
            .onConflictDoUpdate({
              target: presence.visitorId,
              set: { state: sql`excluded.state`, pageUrl: sql`excluded.page_url`, lastSeenAt: sql`excluded.last_seen_at` },
              // note: another instance (Postgres) may have flushed a newer heartbeat of the visitor: it stays.
              setWhere: sql`${presence.lastSeenAt} < excluded.last_seen_at`,
            })
            .run();
        });
      } catch (error) {
        for (const r of chunk) this.dirty.add(r.visitorId);
        failure ??= error;
      }
    }
    if (failure) this.log(`woes: presence flush failed: ${String(failure)}`);
    const t = this.now();
    for (const [id, b] of this.beats) if (t - b.lastSeenAt > KEEP_MS && !this.dirty.has(id)) this.beats.delete(id);
  }
}

/** supersedes tells whether a heartbeat replaces the one held: the newer wins (one seen here is the newest), except that a
 *  goodbye (GOODBYE_MS) ends in `offline` whichever of its two beacons was seen last. */
function supersedes(next: Beat, held: Beat | undefined, seenHere = false): boolean {
  if (!held) return true;
  if (held.state === "offline" && next.state === "hidden" && Math.abs(next.lastSeenAt - held.lastSeenAt) < GOODBYE_MS) return false;
  if (next.state === "offline" && held.state === "hidden" && Math.abs(held.lastSeenAt - next.lastSeenAt) < GOODBYE_MS) return true;
  return seenHere || held.lastSeenAt < next.lastSeenAt;
}
