// Operator notices and password reset mails, kept in the database until the SMTP server takes them: tried at once,
// then again after each wait of --mail-retry as reply batches are (across restarts), and given up after the last.
import { and, eq, isNotNull, lte } from "drizzle-orm";
import { mailNotices, passwordResets, users } from "../../db/schema";
import { createReset, remintReset, RESET_TTL_MS, resetPath } from "../accounts/password-reset";
import type { AppContext } from "../context";
import { newId } from "../lib/ids";
import { serverOrigin } from "../lib/origin";
import type { Mail, Mailer, Sent } from "./mailer";
import { CLAIM_MS, nextTry, Taken, tryBounded } from "./tries";

/** RESET_QUIET_MS is the least time between two reset links of one account, so a form cannot flood a mailbox. */
const RESET_QUIET_MS = 60_000;

/** Kept is one try of a kept mail: the mail, and how to record how the try ended. */
interface Kept {
  /** key names the mail while the record that the server took it waits (see Taken). */
  key: string;
  /** what names the mail in log lines. */
  what: string;
  /** attempts counts the earlier tries the SMTP server did not take. */
  attempts: number;
  /** expiresAt is when the mail is not worth sending any more (a reset link's end). */
  expiresAt?: number;
  mail: Mail;
  /** done ends it: taken by the server, or refused or given up. */
  done(taken: boolean): Promise<unknown>;
  /** later keeps it for the next try at dueAt. */
  later(attempts: number, dueAt: number): Promise<unknown>;
}

type ResetRow = { tokenHash: string; email: string; mailAttempts: number; expiresAt: number };

/** Outbox sends operator notices and password reset mails, and keeps those the SMTP server does not take. */
export class Outbox {
  constructor(
    private ctx: AppContext,
    private mailer: Mailer,
    /** sendBoundMs bounds one whole send (MailNotices hands down its own: SEND_BOUND_MS unless a test makes it shorter). */
    private sendBoundMs: number,
  ) {}

  /** firstTries are the sends notify and mailReset started, which a shutdown waits for. */
  private firstTries = new Set<Promise<Sent>>();
  /** taken holds mails the SMTP server took whose record did not land yet: a notice by its id, a link by its hash. */
  private taken = new Taken((message) => this.ctx.log(message));

  /** notify mails each notice about conversationId now; one the SMTP server does not take is kept (until its
   *  conversation goes) and tried again. */
  async notify(conversationId: string, mails: Mail[]) {
    if (mails.length === 0) return;
    const storedAt = this.ctx.clock.now();
    // note: stored (claimed) before the first try, so a crash during it leaves the notice to be tried again.
    const rows = mails.map((m) => ({ id: newId("ntc"), conversationId, recipient: m.to, subject: m.subject, body: m.text, dueAt: storedAt + CLAIM_MS, attempts: 0 }));
    await this.ctx.store.write((tx) => tx.insert(mailNotices).values(rows).run());
    // note: the first is claimed by its insert; each after it is claimed again as its try starts, so slow sends
    // before it never let its claim lapse while another tick (or process) could take it.
    for (const [i, row] of rows.entries()) {
      const claimedAt = i === 0 ? storedAt : await this.claim(row);
      if (claimedAt !== null) await this.first(this.attempt(this.notice(row), claimedAt));
    }
  }

  /** mailReset makes user a reset link (none when one was made within RESET_QUIET_MS) and mails it now; a mail the
   *  SMTP server does not take is tried again while the link lives. Its other pending links are mailed no more. */
  async mailReset(user: { id: string; email: string }) {
    const claimedAt = this.ctx.clock.now();
    const made = await createReset(this.ctx.store, user.id, claimedAt, RESET_QUIET_MS, claimedAt + CLAIM_MS);
    if (!made) return;
    const row = { tokenHash: made.tokenHash, email: user.email, mailAttempts: 0, expiresAt: claimedAt + RESET_TTL_MS };
    await this.first(this.attempt(this.reset(row, made.token), claimedAt));
  }

  /** sendDue tries every kept mail whose wait has passed, until stopping(); returns how many the server took. */
  async sendDue(stopping: () => boolean): Promise<number> {
    const { db } = this.ctx.store;
    const now = this.ctx.clock.now();
    let sent = 0;
    await this.taken.again();
    for (const row of await db.select().from(mailNotices).where(lte(mailNotices.dueAt, now)).all()) {
      if (stopping()) return sent;
      if (this.taken.waiting(row.id)) continue;
      const claimedAt = await this.claim(row);
      if (claimedAt !== null && (await this.attempt(this.notice(row), claimedAt)) === "accepted") sent++;
    }
    const resets = await db
      .select({ tokenHash: passwordResets.tokenHash, email: users.email, mailDueAt: passwordResets.mailDueAt, mailAttempts: passwordResets.mailAttempts, expiresAt: passwordResets.expiresAt, usedAt: passwordResets.usedAt })
      .from(passwordResets)
      .innerJoin(users, eq(users.id, passwordResets.userId))
      .where(lte(passwordResets.mailDueAt, now))
      .all();
    for (const row of resets) {
      if (stopping()) return sent;
      if (this.taken.waiting(row.tokenHash)) continue;
      const claimedAt = this.ctx.clock.now();
      // note: a mail with a dead link is worse than none: once the link expired (or another was used) it goes unsent.
      if (row.expiresAt <= claimedAt || row.usedAt !== null) {
        this.ctx.log(`woes: password reset mail to ${row.email} dropped: its link is not valid any more`);
        await this.ctx.store.write((tx) => tx.delete(passwordResets).where(and(eq(passwordResets.tokenHash, row.tokenHash), eq(passwordResets.mailDueAt, row.mailDueAt!))).run());
        continue;
      }
      // note: the raw token is never stored: each try mints a new one for the same link (its hash replaces the one
      // before, its expiry stays), so nothing in the database opens it, and a mail the server did not take holds
      // a link that no longer works.
      const fresh = await remintReset(this.ctx.store, row.tokenHash, row.mailDueAt!, claimedAt + CLAIM_MS);
      if (fresh && (await this.attempt(this.reset({ ...row, tokenHash: fresh.tokenHash }, fresh.token), claimedAt)) === "accepted") sent++;
    }
    return sent;
  }

  /** idle settles once every first try under way has ended. */
  async idle() {
    await Promise.all(this.firstTries);
  }

  /** claim makes a notice due again only CLAIM_MS from now, unless someone changed it since row was read; answers
   *  when it was claimed, or null. */
  private async claim(row: { id: string; dueAt: number }) {
    const claimedAt = this.ctx.clock.now();
    const key = and(eq(mailNotices.id, row.id), eq(mailNotices.dueAt, row.dueAt));
    const claimed = await this.ctx.store.write((tx) => tx.update(mailNotices).set({ dueAt: claimedAt + CLAIM_MS }).where(key).returning({ id: mailNotices.id }).all());
    return claimed.length > 0 ? claimedAt : null;
  }

  private first(attempt: Promise<Sent>) {
    this.firstTries.add(attempt);
    return attempt.finally(() => this.firstTries.delete(attempt));
  }

  // note: as for reply batches, a send past its bound counts as a failed try but keeps its claim, and is recorded
  // as sent if the server takes it in the end.
  private async attempt(kept: Kept, claimedAt: number): Promise<Sent> {
    const work = this.mailer.send(kept.mail).then((result) => ({ result }));
    const taken = () => this.taken.record(kept.key, kept.what, () => kept.done(true));
    const { outcome, notBefore } = await tryBounded(work, { boundMs: this.sendBoundMs, claimedAt, what: kept.what, log: this.ctx.log, onLateTaken: taken });
    const { result } = outcome;
    try {
      if (result === "later") await this.retry(kept, notBefore);
      else if (result === "accepted") await taken();
      else await kept.done(false);
    } catch (e) {
      this.ctx.log(`woes: ${kept.what} not recorded: ${(e as Error).message}`);
    }
    return result;
  }

  // note: a reset mail whose link would be dead by the next try is given up now.
  private async retry(kept: Kept, notBefore: number) {
    const attempts = kept.attempts + 1;
    const dueAt = nextTry(this.ctx, kept.what, attempts, notBefore, kept.expiresAt);
    await (dueAt === null ? kept.done(false) : kept.later(attempts, dueAt));
  }

  private notice(row: typeof mailNotices.$inferSelect): Kept {
    const key = eq(mailNotices.id, row.id);
    return {
      key: row.id,
      what: `notice to ${row.recipient}`,
      attempts: row.attempts,
      mail: { to: row.recipient, subject: row.subject, text: row.body },
      done: () => this.ctx.store.write((tx) => tx.delete(mailNotices).where(key).run()),
      later: (attempts, dueAt) => this.ctx.store.write((tx) => tx.update(mailNotices).set({ attempts, dueAt }).where(key).run()),
    };
  }

  private reset(row: ResetRow, token: string): Kept {
    // note: only while its mail is pending: a link the account asked again after is mailed no more, and left to expire.
    const key = and(eq(passwordResets.tokenHash, row.tokenHash), isNotNull(passwordResets.mailDueAt));
    // note: never the request's Host (an anonymous caller chooses it).
    const link = `${serverOrigin(this.ctx.config)}${resetPath(token)}`;
    return {
      key: row.tokenHash,
      what: `password reset mail to ${row.email}`,
      attempts: row.mailAttempts,
      expiresAt: row.expiresAt,
      mail: {
        to: row.email,
        subject: "Reset your Woes password",
        text: `Someone asked to reset the password of your Woes console account.\n\nSet a new password (the link works once, within an hour of the request):\n${link}\n\nIf it was not you, ignore this mail: your password stays as it is.`,
      },
      // note: a link whose mail did not go is deleted, so asking again works at once.
      done: (taken) => this.ctx.store.write(async (tx) => (taken ? await tx.update(passwordResets).set({ mailDueAt: null }).where(key).run() : await tx.delete(passwordResets).where(key).run())),
      later: (mailAttempts, mailDueAt) => this.ctx.store.write((tx) => tx.update(passwordResets).set({ mailAttempts, mailDueAt }).where(key).run()),
    };
  }
}
