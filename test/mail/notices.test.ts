// Operator notices over a real SMTP server on loopback, with a clock the test moves: one the server does not take
// is kept in the database and tried again after each wait of --mail-retry (by a server started afresh too), given
// up after the last, and a shutdown lets its first try finish.
import { expect, test } from "bun:test";
import { eq, sql } from "drizzle-orm";
import { memberships, mailNotices, passwordResets, users } from "../../db/schema";
import { sha256Hex } from "../../src/lib/crypto";
import { newId } from "../../src/lib/ids";
import { MailNotices } from "../../src/mail/notices";
import type { TestApp } from "../helpers/app";
import { conversationOf, visitor } from "../helpers/builders";
import { MINUTE, until, useMailing } from "./kit";

const OPERATOR = "ops@acme.test";
const mailer = useMailing();

/** mailing starts an SMTP server with opts and the app mailing through it, with an operator who opted in. */
async function mailing(opts: Parameters<typeof mailer.mailing>[0] = {}, retryMs = [MINUTE, MINUTE]) {
  const { smtp, t } = await mailer.mailing(opts, retryMs);
  const id = newId("usr");
  await t.store.write(async (tx) => {
    await tx.insert(users).values({ id, email: OPERATOR, name: "Ops", passwordHash: "x", createdAt: t.clock.now(), mailNotify: true }).run();
    await tx.insert(memberships).values({ userId: id, workspaceId: t.ws.workspace.id, role: "owner" }).run();
  });
  return { smtp, t };
}

const kept = (t: TestApp) => t.store.db.select().from(mailNotices).all();

/** firstTryFailed has a visitor start a conversation and waits until its notice's first try was not taken. */
async function firstTryFailed(t: TestApp, body: string) {
  await conversationOf(t, await visitor(t), body);
  await until(async () => (await kept(t))[0]?.attempts === 1);
}

test("a notice the server does not take (451) is kept and arrives on the next try, once, even from a server started afresh", async () => {
  const { smtp, t } = await mailing({ refuse: 1, code: 451 });
  await firstTryFailed(t, "Do you ship to Norway?");
  expect(t.logs.join("\n")).toContain(`woes: notice to ${OPERATOR} not sent (try 1); next try in 60 s`);
  expect(await t.ctx.mail.sendDue()).toBe(0);
  t.clock.advance(MINUTE);
  // note: what another process on the same database (a restarted server) sees is only what was stored.
  const restarted = new MailNotices(t.ctx, t.ctx.mailer);
  expect(await restarted.sendDue()).toBe(1);
  const mail = await smtp.waitFor((m) => m.to.includes(OPERATOR));
  expect(mail.subject).toStartWith("New conversation");
  expect(mail.text).toContain("Do you ship to Norway?");
  expect(await kept(t)).toEqual([]);
  t.clock.advance(10 * MINUTE);
  expect(await restarted.sendDue()).toBe(0);
  expect([smtp.mails.length, smtp.tries.recipients]).toEqual([1, 2]);
}, 20_000);

test("a notice the server never takes is given up after the last wait, and logged", async () => {
  const { smtp, t } = await mailing({ refuse: 100, code: 451 });
  await firstTryFailed(t, "Is anyone there?");
  t.clock.advance(MINUTE);
  expect(await t.ctx.mail.sendDue()).toBe(0);
  expect(t.logs.join("\n")).toContain(`woes: notice to ${OPERATOR} not sent (try 2); next try in 60 s`);
  t.clock.advance(MINUTE);
  expect(await t.ctx.mail.sendDue()).toBe(0);
  expect(t.logs.join("\n")).toContain(`woes: notice to ${OPERATOR} given up after 3 tries`);
  expect(await kept(t)).toEqual([]);
  t.clock.advance(60 * MINUTE);
  expect(await t.ctx.mail.sendDue()).toBe(0);
  expect([smtp.mails.length, smtp.tries.recipients]).toEqual([0, 3]);
}, 20_000);

test("a notice refused for good (550) is not tried again", async () => {
  const { smtp, t } = await mailing({ refuse: 100, code: 550 });
  await conversationOf(t, await visitor(t), "Hello?");
  await until(() => smtp.tries.recipients === 1);
  await until(async () => (await kept(t)).length === 0);
  t.clock.advance(60 * MINUTE);
  expect(await t.ctx.mail.sendDue()).toBe(0);
  expect(smtp.tries.recipients).toBe(1);
}, 20_000);

test("drain waits for a notice's first try under way, so the mail the server took is not kept to be sent again", async () => {
  const { smtp, t } = await mailing({ slowMs: 500 });
  await conversationOf(t, await visitor(t), "Are you open today?");
  await until(() => smtp.tries.recipients >= 1);
  await t.ctx.mail.drain(10_000);
  expect(smtp.mails).toHaveLength(1);
  expect(await kept(t)).toEqual([]);
}, 20_000);

test("a kept notice goes with its conversation: erasing the visitor leaves none of its words waiting to be mailed", async () => {
  const { smtp, t } = await mailing({ refuse: 100, code: 451 });
  const v = await visitor(t);
  await conversationOf(t, v, "NOTICE-ERASE-4471 my card number");
  await until(async () => (await kept(t))[0]?.attempts === 1);
  expect((await kept(t))[0]!.body).toContain("NOTICE-ERASE-4471");
  expect((await t.admin({ method: "DELETE", path: `/api/admin/visitors/${v.id}` })).status).toBe(204);
  expect(await kept(t)).toEqual([]);
  t.clock.advance(MINUTE);
  expect(await t.ctx.mail.sendDue()).toBe(0);
  expect(smtp.mails).toEqual([]);
});

/** operators adds opted-in operators (beyond OPERATOR) to t's workspace. */
async function operators(t: TestApp, ...emails: string[]) {
  await t.store.write(async (tx) => {
    for (const email of emails) {
      const id = newId("usr");
      await tx.insert(users).values({ id, email, name: email, passwordHash: "x", createdAt: t.clock.now(), mailNotify: true }).run();
      await tx.insert(memberships).values({ userId: id, workspaceId: t.ws.workspace.id, role: "operator" }).run();
    }
  });
}

test("notices sent one after another each hold their claim: a tick elsewhere during slow sends never mails one twice", async () => {
  const { smtp, t } = await mailing({ slowMs: 300 });
  await operators(t, "two@acme.test", "three@acme.test");
  await conversationOf(t, await visitor(t), "Can I change my order?");
  await until(() => smtp.tries.recipients >= 1);
  // note: each send takes long (here 6 minutes by the clock); by the third, the claim its insert made has lapsed.
  t.clock.advance(6 * MINUTE);
  await until(() => smtp.tries.recipients >= 2);
  t.clock.advance(6 * MINUTE);
  const otherProcess = new MailNotices(t.ctx, t.ctx.mailer);
  await otherProcess.sendDue();
  await until(async () => (await kept(t)).length === 0);
  await t.ctx.mail.drain(5_000);
  expect(smtp.mails.map((m) => m.to[0]).sort()).toEqual([OPERATOR, "three@acme.test", "two@acme.test"]);
  expect(smtp.tries.recipients).toBe(3);
}, 20_000);

test("a notice the server took whose record failed is written again, and never mailed again", async () => {
  const { smtp, t } = await mailing();
  await t.store.db.run(sql.raw(`CREATE TRIGGER keep_notice BEFORE DELETE ON mail_notice BEGIN SELECT RAISE(ABORT, 'disk busy'); END`));
  await conversationOf(t, await visitor(t), "Where is my refund?");
  await until(() => t.logs.some((l) => l.includes(`notice to ${OPERATOR} not recorded: disk busy`)));
  // note: past its claim, and the write still failing: the notice waits for its record, and is not sent again.
  t.clock.advance(11 * MINUTE);
  expect(await t.ctx.mail.sendDue()).toBe(0);
  expect([smtp.mails.length, (await kept(t)).length]).toEqual([1, 1]);
  expect(t.logs.join("\n")).toContain(`notice to ${OPERATOR} taken by the server, still not recorded: disk busy`);
  await t.store.db.run(sql.raw(`DROP TRIGGER keep_notice`));
  expect(await t.ctx.mail.sendDue()).toBe(0);
  expect(await kept(t)).toEqual([]);
  expect(smtp.mails).toHaveLength(1);
}, 20_000);

test("a reset link the server took whose record failed is written again: not mailed again, and the mailed link still works", async () => {
  const { smtp, t } = await mailing();
  const user = (await t.store.db.select().from(users).where(eq(users.email, OPERATOR)).get())!;
  await t.store.db.run(sql.raw(`CREATE TRIGGER keep_reset BEFORE UPDATE OF mail_due_at ON password_reset WHEN NEW.mail_due_at IS NULL BEGIN SELECT RAISE(ABORT, 'disk busy'); END`));
  await t.ctx.mail.outbox.mailReset(user);
  expect(t.logs.join("\n")).toContain(`password reset mail to ${OPERATOR} not recorded: disk busy`);
  t.clock.advance(11 * MINUTE);
  expect(await t.ctx.mail.sendDue()).toBe(0);
  expect(smtp.mails).toHaveLength(1);
  await t.store.db.run(sql.raw(`DROP TRIGGER keep_reset`));
  expect(await t.ctx.mail.sendDue()).toBe(0);
  expect(smtp.mails).toHaveLength(1);
  const token = smtp.mails[0]!.text.match(/\/admin\/reset\/(\S+)/)![1]!;
  expect(await t.store.db.select({ mailDueAt: passwordResets.mailDueAt }).from(passwordResets).where(eq(passwordResets.tokenHash, await sha256Hex(token))).all()).toEqual([{ mailDueAt: null }]);
}, 20_000);
