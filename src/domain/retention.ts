// Retention: widget events older than the configured days are deleted in small batches.
import { yieldToLoop } from "../lib/deadline";
import { and, asc, gt, lt, lte } from "drizzle-orm";
import { events } from "../../db/schema";
import type { Store } from "../../db/store";

const DAY = 86_400_000;

/** PRUNE_BATCH is how many event rows one step looks at; steps yield to the event loop in between. */
export const PRUNE_BATCH = 2_000;

/**
 * pruneEvents deletes events whose time is before `now - days`, and returns how many went. It walks
 * the table in insertion order by its primary key (no index on time needed) and stops at the first
 * row stored a day past the cutoff: an event's time is its arrival, give or take the one day of
 * client clock the events route accepts, so everything later is newer.
 */
export async function pruneEvents(store: Store, now: number, days: number, batch = PRUNE_BATCH): Promise<number> {
  const cutoff = now - days * DAY;
  let from = 0;
  let deleted = 0;
  for (;;) {
    const page = await store.db.select({ seq: events.seq, at: events.at }).from(events).where(gt(events.seq, from)).orderBy(asc(events.seq)).limit(batch).all();
    const last = page.at(-1);
    if (!last) return deleted;
    const old = page.filter((r) => r.at < cutoff).length;
    if (old > 0) {
      const range = and(gt(events.seq, from), lte(events.seq, last.seq), lt(events.at, cutoff));
      await store.write((tx) => tx.delete(events).where(range).run());
      deleted += old;
    }
    if (last.at >= cutoff + DAY || page.length < batch) return deleted;
    from = last.seq;
    await yieldToLoop();
  }
}
