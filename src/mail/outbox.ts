// Operator notices, kept in the database until the SMTP server takes them: tried at once, then again after each
// wait of --mail-retry as reply batches are (across restarts), and given up after the last.
import { and, eq, lte } from "drizzle-orm";
import { mailNotices } from "../../db/schema";
import type { AppContext } from "../context";
import { newId } from "../lib/ids";
import type { Mail, Mailer, Sent } from "./mailer";
import { bounded, CLAIM_MS, SEND_BOUND_MS } from "./tries";

/** Kept is one try of a kept mail: the mail, and how to record how the try ended. */
interface Kept {
  /** what names the mail in log lines. */
  what: string;
  /** attempts counts the earlier tries the SMTP server did not take. */
  attempts: number;
  mail: Mail;
  /** done ends it: taken by the server, or refused or given up. */
  done(taken: boolean): Promise<unknown>;
  /** later keeps it for the next try at dueAt. */
  later(attempts: number, dueAt: number): Promise<unknown>;
}

/** Outbox sends operator notices, and keeps those the SMTP server does not take. */
export class Outbox {
  constructor(
    private ctx: AppContext,
    private mailer: Mailer,
    /** sendBoundMs bounds one whole send (SEND_BOUND_MS unless a test makes it shorter). */
    private sendBoundMs = SEND_BOUND_MS,
  ) {}

  /** firstTries are the sends notify started, which a shutdown waits for. */
  private firstTries = new Set<Promise<Sent>>();

  /** notify mails each notice now; one the SMTP server does not take is kept and tried again. */
  async notify(mails: Mail[]) {
    if (mails.length === 0) return;
    const claimedAt = this.ctx.clock.now();
    // note: stored (claimed) before the first try, so a crash during it leaves the notice to be tried again.
    const rows = mails.map((m) => ({ id: newId("ntc"), recipient: m.to, subject: m.subject, body: m.text, dueAt: claimedAt + CLAIM_MS, attempts: 0 }));
    await this.ctx.store.write((tx) => tx.insert(mailNotices).values(rows).run());
    for (const row of rows) await this.first(this.attempt(this.notice(row), claimedAt));
  }

  /** sendDue tries every kept mail whose wait has passed, until stopping(); returns how many the server took. */
  async sendDue(stopping: () => boolean): Promise<number> {
    const { db } = this.ctx.store;
    const now = this.ctx.clock.now();
    let sent = 0;
    for (const row of await db.select().from(mailNotices).where(lte(mailNotices.dueAt, now)).all()) {
      if (stopping()) return sent;
      const claimedAt = this.ctx.clock.now();
      const key = and(eq(mailNotices.id, row.id), eq(mailNotices.dueAt, row.dueAt));
      const claimed = await this.ctx.store.write((tx) => tx.update(mailNotices).set({ dueAt: claimedAt + CLAIM_MS }).where(key).returning({ id: mailNotices.id }).all());
      if (claimed.length > 0 && (await this.attempt(this.notice(row), claimedAt)) === "accepted") sent++;
    }
    return sent;
  }

  /** idle settles once every first try under way has ended. */
  async idle() {
    await Promise.all(this.firstTries);
  }

  private first(attempt: Promise<Sent>) {
    this.firstTries.add(attempt);
    return attempt.finally(() => this.firstTries.delete(attempt));
  }

  // note: as for reply batches, a send past its bound counts as a failed try but keeps its claim, and is recorded
  // as sent if the server takes it in the end.
  private async attempt(kept: Kept, claimedAt: number): Promise<Sent> {
    const work = this.mailer.send(kept.mail);
    let ended = false;
    let notBefore = 0;
    let result: Sent;
    try {
      result = await bounded(work.finally(() => (ended = true)), this.sendBoundMs);
    } catch (e) {
      this.ctx.log(`woes: ${kept.what} failed: ${(e as Error).message}`);
      result = "later";
      if (!ended) {
        notBefore = claimedAt + CLAIM_MS;
        work.then((late) => (late === "accepted" ? kept.done(true) : undefined)).catch((err) => this.ctx.log(`woes: ${kept.what} failed: ${(err as Error).message}`));
      }
    }
    try {
      if (result === "later") await this.retry(kept, notBefore);
      else await kept.done(result === "accepted");
    } catch (e) {
      this.ctx.log(`woes: ${kept.what} not recorded: ${(e as Error).message}`);
    }
    return result;
  }

  // note: the next try is timed from after the send.
  private async retry(kept: Kept, notBefore: number) {
    const waits = this.ctx.config.mail.retryMs;
    const attempts = kept.attempts + 1;
    const wait = waits[attempts - 1];
    const dueAt = Math.max(this.ctx.clock.now() + (wait ?? 0), notBefore);
    if (wait === undefined) {
      this.ctx.log(`woes: ${kept.what} given up after ${attempts} tries`);
      return kept.done(false);
    }
    this.ctx.log(`woes: ${kept.what} not sent (try ${attempts}); next try in ${Math.round(wait / 1000)} s`);
    await kept.later(attempts, dueAt);
  }

  private notice(row: typeof mailNotices.$inferSelect): Kept {
    const key = eq(mailNotices.id, row.id);
    return {
      what: `notice to ${row.recipient}`,
      attempts: row.attempts,
      mail: { to: row.recipient, subject: row.subject, text: row.body },
      done: () => this.ctx.store.write((tx) => tx.delete(mailNotices).where(key).run()),
      later: (attempts, dueAt) => this.ctx.store.write((tx) => tx.update(mailNotices).set({ attempts, dueAt }).where(key).run()),
    };
  }
}
