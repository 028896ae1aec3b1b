// One try of a mail kept in the database (a reply batch, a notice, a reset link): claimed first, bounded in time,
// then tried again after each wait of --mail-retry, and given up after the last; once taken, recorded, or kept to
// be recorded again, never mailed again.
import type { AppContext } from "../context";
import { bounded } from "../lib/deadline";
import type { Sent } from "./mailer";

/** CLAIM_MS is how long a mail being sent is not due again: longer than one send can take. */
export const CLAIM_MS = 10 * 60_000;

/** SEND_BOUND_MS bounds one whole send (its queries and every SMTP step), well inside CLAIM_MS. */
export const SEND_BOUND_MS = 5 * 60_000;

/** tryBounded waits for one send at most boundMs. A send that fails or passes the bound counts as not taken
 *  ("later"); one past the bound keeps its claim (notBefore is the claim's end) and onLateTaken runs if the server
 *  takes it in the end. what names the mail in log lines. */
export async function tryBounded<T extends { result: Sent | "nothing" }>(
  work: Promise<T>,
  o: { boundMs: number; claimedAt: number; what: string; log: (message: string) => void; onLateTaken: (late: T) => unknown },
): Promise<{ outcome: T | { result: "later" }; notBefore: number }> {
  let ended = false;
  try {
    return { outcome: await bounded(work.finally(() => (ended = true)), o.boundMs), notBefore: 0 };
  } catch (e) {
    // note: a failure before the mail went out (a link, a query, the bound) counts as a failed try.
    o.log(`woes: ${o.what} failed: ${(e as Error).message}`);
    if (ended) return { outcome: { result: "later" }, notBefore: 0 };
    // note: a send past its bound may still be taken: it keeps its claim, and is settled if it is taken in the end.
    work.then((late) => (late.result === "accepted" ? o.onLateTaken(late) : undefined)).catch((err) => o.log(`woes: ${o.what} failed: ${(err as Error).message}`));
    return { outcome: { result: "later" }, notBefore: o.claimedAt + CLAIM_MS };
  }
}

/** nextTry is when a mail not taken on its attempts-th try is tried again (logged), timed from now (after the
 *  send), never before notBefore; or null, logged, when it is given up: past the last of the waits, or when the
 *  next try would come once the mail is worth nothing (expiresAt, a reset link's end). */
export function nextTry(ctx: Pick<AppContext, "clock" | "config" | "log">, what: string, attempts: number, notBefore: number, expiresAt = Infinity): number | null {
  const wait = ctx.config.mail.retryMs[attempts - 1];
  const dueAt = Math.max(ctx.clock.now() + (wait ?? 0), notBefore);
  if (wait === undefined || dueAt >= expiresAt) {
    ctx.log(`woes: ${what} given up after ${attempts} tries${wait === undefined ? "" : ": its link ends before the next"}`);
    return null;
  }
  ctx.log(`woes: ${what} not sent (try ${attempts}); next try in ${Math.round(wait / 1000)} s`);
  return dueAt;
}

/** Taken remembers mails the SMTP server took whose record (the write that ends them) did not land: each is
 *  written again before the next sends, and never mailed again while it waits. Keys name the mail. */
export class Taken {
  private writes = new Map<string, { what: string; write: () => Promise<unknown> }>();

  constructor(private log: (message: string) => void) {}

  /** record writes that the mail key (named what in log lines) was taken; a write that fails is kept for again()
   *  and the failure thrown. */
  async record(key: string, what: string, write: () => Promise<unknown>) {
    try {
      await write();
      this.writes.delete(key);
    } catch (e) {
      this.writes.set(key, { what, write });
      throw e;
    }
  }

  /** waiting tells whether key was taken and its record has not landed yet. */
  waiting(key: string) {
    return this.writes.has(key);
  }

  /** again writes each record still waiting; those that fail again keep waiting, logged. */
  async again() {
    for (const [key, { what, write }] of this.writes) {
      await write().then(
        () => this.writes.delete(key),
        (e) => this.log(`woes: ${what} taken by the server, still not recorded: ${(e as Error).message}`),
      );
    }
  }
}
