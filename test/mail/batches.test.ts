// Reply batches sent by MailNotices over a real SMTP server on loopback, with a clock the test moves: a slow send
// never lets a batch be mailed twice or retried early, a failure in one batch spares the others, a shutdown lets
// the send under way finish, only a refused recipient or message gives a mail up, and replies written during a
// send that did not deliver them are mailed next.
import { describe, expect, test } from "bun:test";
import { eq, sql } from "drizzle-orm";
import { mailBatches } from "../../db/schema";
import { createMailer, type Sent } from "../../src/mail/mailer";
import { MailNotices } from "../../src/mail/notices";
import type { TestApp } from "../helpers/app";
import { as, conversationOf, hmac, openStream, visitor, type Visitor } from "../helpers/builders";
import type { startSmtp } from "../helpers/smtp";
import { sleep } from "../runtime/neutral";
import { MINUTE, until, useMailing } from "./kit";

const { mailing, stopAfter } = useMailing();

/** reply has an operator answer email's conversation (started now) and waits until its batch is queued. */
async function reply(t: TestApp, email: string, body: string, conversationId?: string) {
  const id = conversationId ?? (await conversationOf(t, await visitor(t, { identity: { email } }), "Where is my parcel?"));
  const r = await t.admin({ path: `/api/admin/conversations/${id}/messages`, body: { body } });
  expect(r.status).toBe(201);
  await until(async () => !!(await batch(t, id)));
  return id;
}

const batch = (t: TestApp, id: string) => t.store.db.select().from(mailBatches).where(eq(mailBatches.conversationId, id)).get();

describe("a slow send", () => {
  test("ticks that come during it, here or in another process, never mail a batch twice", async () => {
    const { smtp, t } = await mailing({ slowMs: 400 });
    const a = await reply(t, "ann@visitor.test", "Parcel A is at the depot.");
    await reply(t, "bob@visitor.test", "Parcel B is on its way.");
    const tick = t.ctx.mail.sendDue();
    await until(() => smtp.tries.recipients >= 1);
    // note: the first send takes longer than the claim; a tick started now must not take either batch again.
    t.clock.advance(11 * MINUTE);
    const overlapping = t.ctx.mail.sendDue();
    // note: a second server on the same database ticks while the second batch (claimed after the clock moved) is out.
    const otherProcess = new MailNotices(t.ctx, t.ctx.mailer);
    await until(() => smtp.tries.recipients >= 2);
    await otherProcess.sendDue();
    expect(await tick).toBe(2);
    await overlapping;
    await sleep(300);
    expect(smtp.mails.map((m) => m.to[0]).sort()).toEqual(["ann@visitor.test", "bob@visitor.test"]);
    expect(smtp.tries.recipients).toBe(2);
    expect(await batch(t, a)).toBeUndefined();
  }, 20_000);

  test("a batch the server did not take is tried again a full wait after the send ended, not after the tick began", async () => {
    const { smtp, t } = await mailing({ slowMs: 300, refuse: 1, code: 451 });
    await reply(t, "cy@visitor.test", "Your refund is on its way.");
    const tick = t.ctx.mail.sendDue();
    await until(() => smtp.tries.recipients >= 1);
    t.clock.advance(5 * MINUTE);
    expect(await tick).toBe(0);
    expect(await t.ctx.mail.sendDue()).toBe(0);
    expect(smtp.tries.recipients).toBe(1);
    t.clock.advance(MINUTE);
    expect(await t.ctx.mail.sendDue()).toBe(1);
    expect((await smtp.waitFor((m) => m.to.includes("cy@visitor.test"))).text).toContain("Your refund is on its way.");
  }, 20_000);

  test("a send past its bound counts as a failed try, keeps its claim, and is settled when the server takes it late", async () => {
    const { smtp, t } = await mailing({ slowMs: 800 });
    const id = await reply(t, "jo@visitor.test", "Your parcel is here.");
    const notices = new MailNotices(t.ctx, t.ctx.mailer, 200);
    expect(await notices.sendDue()).toBe(0);
    expect(t.logs.join("\n")).toMatch(/not sent \(try 1\)/);
    t.clock.advance(2 * MINUTE);
    expect(await notices.sendDue()).toBe(0);
    await smtp.waitFor((m) => m.to.includes("jo@visitor.test"));
    await until(async () => !(await batch(t, id)));
    t.clock.advance(20 * MINUTE);
    expect(await notices.sendDue()).toBe(0);
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.tries.recipients).toBe(1);
  }, 20_000);

  test("drain waits for the send under way, so the mail the server took is settled and never sent again", async () => {
    const { smtp, t } = await mailing({ slowMs: 500 });
    const id = await reply(t, "dee@visitor.test", "Fixed it for you.");
    void t.ctx.mail.sendDue();
    await until(() => smtp.tries.recipients >= 1);
    await t.ctx.mail.drain(10_000);
    expect(smtp.mails).toHaveLength(1);
    expect(await batch(t, id)).toBeUndefined();
    expect(await t.ctx.mail.sendDue()).toBe(0);
  }, 20_000);
});

describe("a failure in one batch", () => {
  test("a failed link counts as a failed try and the tick goes on with the other batches", async () => {
    const { smtp, t } = await mailing();
    const broken = await reply(t, "eli@visitor.test", "About your order.");
    await reply(t, "fay@visitor.test", "About your invoice.");
    await t.store.db.run(sql.raw(`CREATE TRIGGER no_link BEFORE INSERT ON mail_link WHEN NEW.conversation_id = '${broken}' BEGIN SELECT RAISE(ABORT, 'disk full'); END`));
    expect(await t.ctx.mail.sendDue()).toBe(1);
    expect(smtp.mails.map((m) => m.to[0])).toEqual(["fay@visitor.test"]);
    expect(await batch(t, broken)).toMatchObject({ attempts: 1, dueAt: t.clock.now() + MINUTE });
    expect(t.logs.join("\n")).toMatch(/not sent \(try 1\)/);
  }, 20_000);

  test("a settle that fails after the server took the mail is written again, and the mail is never sent again", async () => {
    const { smtp, t } = await mailing();
    const id = await reply(t, "gil@visitor.test", "Sorted.");
    await t.store.db.run(sql.raw(`CREATE TRIGGER keep_batch BEFORE DELETE ON mail_batch BEGIN SELECT RAISE(ABORT, 'disk busy'); END`));
    expect(await t.ctx.mail.sendDue().catch(() => -1)).toBe(1);
    // note: past its claim, and the settle still failing: the batch waits for its record, and is not mailed again.
    t.clock.advance(11 * MINUTE);
    expect(await t.ctx.mail.sendDue()).toBe(0);
    expect(smtp.mails).toHaveLength(1);
    expect(await batch(t, id)).toBeDefined();
    await t.store.db.run(sql.raw(`DROP TRIGGER keep_batch`));
    await t.ctx.mail.sendDue().catch(() => -1);
    await sleep(200);
    expect(smtp.mails).toHaveLength(1);
    expect(await batch(t, id)).toBeUndefined();
  }, 20_000);
});

describe("what counts as refused for good", () => {
  test.each([
    ["530 auth required at MAIL FROM", { sender: 530 }, "later"],
    ["550 sender rejected", { sender: 550 }, "later"],
    ["553 sender not allowed", { sender: 553 }, "later"],
    ["554 relay denied at MAIL FROM", { sender: 554 }, "later"],
    ["451 mailbox busy at RCPT TO", { refuse: 1, code: 451 }, "later"],
    ["550 no such recipient", { refuse: 1, code: 550 }, "refused"],
    ["the mail taken", {}, "accepted"],
  ] as [string, Parameters<typeof startSmtp>[0], Sent][])("%s", async (_, opts, expected) => {
    const { smtp, t } = await mailing(opts);
    const logs: string[] = [];
    const mailer = createMailer(t.config, (m) => logs.push(m));
    expect(await mailer.send({ to: "hal@visitor.test", subject: "Hello", text: "Hi" })).toBe(expected);
    expect(smtp.mails).toHaveLength(expected === "accepted" ? 1 : 0);
  }, 20_000);
});

describe("replies written during a send", () => {
  test.each([
    ["refused for good", { refuse: 1, code: 550 }, 0],
    ["given up after the last try", { refuse: 1, code: 451 }, 1],
  ] as [string, Parameters<typeof startSmtp>[0], number][])("%s: the later reply is mailed in a fresh batch", async (_, opts, triedBefore) => {
    const { smtp, t } = await mailing({ ...opts, slowMs: 400 }, [MINUTE]);
    const id = await reply(t, "ivy@visitor.test", "First answer.");
    // note: with one wait, a batch already tried once is given up by this try.
    if (triedBefore) await t.store.write((tx) => tx.update(mailBatches).set({ attempts: triedBefore }).where(eq(mailBatches.conversationId, id)).run());
    const tick = t.ctx.mail.sendDue();
    await until(() => smtp.tries.recipients >= 1);
    const r = await t.admin({ path: `/api/admin/conversations/${id}/messages`, body: { body: "Second answer." } });
    expect(r.status).toBe(201);
    await sleep(100);
    expect(await tick).toBe(0);
    expect(await t.ctx.mail.sendDue()).toBe(1);
    const mail = await smtp.waitFor((m) => m.to.includes("ivy@visitor.test"));
    expect(mail.text).toContain("Second answer.");
    expect(mail.text).not.toContain("First answer.");
  }, 20_000);
});

describe("who is mailed", () => {
  test("a reply written while the visitor is still on the page is mailed once they have left by the time it is due", async () => {
    const { smtp, t } = await mailing();
    const v = await visitor(t, { identity: { email: "dee@visitor.test" } });
    const id = await conversationOf(t, v, "Is my order packed?");
    expect((await t.call(as(v, { path: "/api/widget/presence", body: { state: "active" } }))).status).toBe(200);
    await reply(t, "dee@visitor.test", "Packed and leaving today.", id);
    // note: the heartbeat ages past a minute with no other: the visitor has gone before the batch is sent.
    t.clock.advance(2 * MINUTE);
    expect(await t.ctx.mail.sendDue()).toBe(1);
    expect(smtp.mails.map((m) => m.to[0])).toEqual(["dee@visitor.test"]);
  });

  test("a reply the visitor read in the messenger before leaving is not mailed", async () => {
    const { smtp, t } = await mailing();
    const v = await visitor(t, { identity: { email: "eli@visitor.test" } });
    const id = await conversationOf(t, v, "Can I change the address?");
    await reply(t, "eli@visitor.test", "Done, it ships to the new one.", id);
    expect((await t.call(as(v, { path: "/api/widget/messages/read", body: { conversationId: id } }))).status).toBe(200);
    expect(await t.ctx.mail.sendDue()).toBe(0);
    await sleep(200);
    expect(smtp.mails).toEqual([]);
    expect(await batch(t, id)).toBeUndefined();
  });

  // note: the desktop wrote and left; the same verified customer has the phone in hand when the reply is due.
  test.each([
    ["read the reply on the phone", async (t: TestApp, phone: Visitor, id: string) => expect((await t.call(as(phone, { path: "/api/widget/messages/read", body: { conversationId: id } }))).status).toBe(200)],
    ["has the messenger open on the phone", async (t: TestApp, phone: Visitor) => expect((await t.call(as(phone, { path: "/api/widget/presence", body: { state: "active" } }))).status).toBe(200)],
    ["has the phone's stream open", async (t: TestApp, phone: Visitor) => {
      const stream = await openStream(t, phone);
      stopAfter({ stop: stream.close });
      await stream.until(() => stream.raw().length > 0);
    }],
  ] as [string, (t: TestApp, phone: Visitor, id: string) => Promise<unknown>][])("a verified customer who %s is not mailed", async (_, onPhone) => {
    const { smtp, t } = await mailing();
    const email = "flo@visitor.test";
    const identity = { email, email_hash: await hmac(t.ws.identitySecret, email) };
    const desktop = await visitor(t, { identity });
    const id = await conversationOf(t, desktop, "Is the sofa in stock?");
    const phone = await visitor(t, { identity });
    expect(phone.id).not.toBe(desktop.id);
    await reply(t, email, "Yes, two left.", id);
    await onPhone(t, phone, id);
    expect(await t.ctx.mail.sendDue()).toBe(0);
    await sleep(200);
    expect(smtp.mails).toEqual([]);
    expect(await batch(t, id)).toBeUndefined();
  });

  test("a verified customer away from every device is mailed the reply", async () => {
    const { smtp, t } = await mailing();
    const email = "gus@visitor.test";
    const identity = { email, email_hash: await hmac(t.ws.identitySecret, email) };
    const id = await conversationOf(t, await visitor(t, { identity }), "Is the lamp in stock?");
    await visitor(t, { identity });
    await reply(t, email, "Yes, one left.", id);
    expect(await t.ctx.mail.sendDue()).toBe(1);
    expect((await smtp.waitFor((m) => m.to.includes(email))).text).toContain("Yes, one left.");
  });
});
