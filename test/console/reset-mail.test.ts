// Password reset mails through the app and a real SMTP server on loopback: the link is on the server's own origin
// whatever Host the request names, the answer is a stranger's, and a mail the server does not take is tried again
// (with a new token, none stored in plain text) while its link lives, then given up or dropped.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { sql } from "drizzle-orm";
import { defaultConfig } from "../../src/config";
import { startSmtp } from "../helpers/smtp";
import { sleep } from "../runtime/neutral";
import { createReset } from "../../src/accounts/password-reset";
import { sha256Hex } from "../../src/lib/crypto";
import { makeConsole } from "./fixture";

const MINUTE = 60_000;
const withSmtp = (url: string, retryMs = defaultConfig().mail.retryMs) => ({ mail: { ...defaultConfig().mail, smtpUrl: url, retryMs } });
const resets = (t: Awaited<ReturnType<typeof makeConsole>>) => t.store.db.all(sql`SELECT * FROM password_reset`);

let smtp: Awaited<ReturnType<typeof startSmtp>>;
beforeAll(async () => (smtp = await startSmtp()));
afterAll(async () => smtp?.stop());

test.each([
  ["--public-url", { publicUrl: "https://chat.example.com" }, "https://chat.example.com"],
  ["no --public-url: the listening address, as mail notices use", { host: "0.0.0.0", port: 3000 }, "http://localhost:3000"],
])("a reset asked under a forged Host is mailed with a link on %s, answered like a stranger's", async (_name, config, origin) => {
  const t = await makeConsole({ ...config, ...withSmtp(smtp.url) });
  const email = `ann.${origin.length}@acme.test`;
  await t.addUser(email, "owner");
  const forgot = (to: string) => t.call({ base: "http://evil.attacker.example", path: "/api/console/password/forgot", body: { email: to } });
  const [account, stranger] = [await forgot(email), await forgot("nobody@acme.test")];
  expect([account.status, account.text]).toEqual([stranger.status, stranger.text]);
  expect(account.status).toBe(202);
  const mail = await smtp.waitFor((m) => m.to.includes(email));
  expect(mail.text).toContain(`${origin}/admin/reset/`);
  expect(mail.raw).not.toContain("evil.attacker.example");
  await sleep(300);
  expect(smtp.mails.some((m) => m.to.includes("nobody@acme.test"))).toBe(false);
  expect((await resets(t)).length).toBe(1);
}, 30_000);

/** busyConsole has an account mail through an SMTP server answering opts, tried again after retryMs. */
async function busyConsole(opts: Parameters<typeof startSmtp>[0], retryMs: number[]) {
  const busy = await startSmtp(opts);
  const t = await makeConsole(withSmtp(busy.url, retryMs));
  await t.addUser("cy@acme.test", "owner");
  const forgot = async () => expect((await t.call({ path: "/api/console/password/forgot", body: { email: "cy@acme.test" } })).status).toBe(202);
  const logs = () => t.logs.join("\n");
  return { busy, t, forgot, logs };
}

/** until waits for check to hold, or fails after 5 s. */
async function until(check: () => Promise<boolean>) {
  for (let i = 0; i < 100 && !(await check()); i++) await sleep(50);
  expect(await check()).toBe(true);
}

const pending = (t: Awaited<ReturnType<typeof makeConsole>>) => t.store.db.all<{ mail_attempts: number }>(sql`SELECT * FROM password_reset WHERE mail_due_at IS NOT NULL`);
const linkIn = (text: string) => /\/admin\/reset\/([0-9A-Za-z]{32})/.exec(text)![1]!;

test("a reset mail the server does not take (451) arrives on the next try with a link that works; no token is stored as it is", async () => {
  const { busy, t, forgot, logs } = await busyConsole({ refuse: 1, code: 451 }, [MINUTE]);
  try {
    await forgot();
    await until(async () => (await pending(t))[0]?.mail_attempts === 1);
    expect(logs()).toContain("woes: password reset mail to cy@acme.test not sent (try 1); next try in 60 s");
    expect(await t.ctx.mail.sendDue()).toBe(0);
    t.clock.advance(MINUTE);
    expect(await t.ctx.mail.sendDue()).toBe(1);
    const token = linkIn((await busy.waitFor((m) => m.to.includes("cy@acme.test"))).text);
    // note: each try mints its token anew; the database holds only the hash of the one mailed last.
    expect(await resets(t)).toMatchObject([{ token_hash: await sha256Hex(token), mail_due_at: null }]);
    expect(JSON.stringify(await resets(t))).not.toContain(token);
    expect((await t.call({ path: "/api/console/password/reset", body: { token, password: "a brand new passphrase" } })).status).toBe(200);
    t.clock.advance(10 * MINUTE);
    expect(await t.ctx.mail.sendDue()).toBe(0);
    expect([busy.mails.length, busy.tries.recipients]).toEqual([1, 2]);
  } finally {
    await busy.stop();
  }
}, 30_000);

test("a reset mail whose link expired before its next try is not sent, and asking again mails a new link at once", async () => {
  const { busy, t, forgot, logs } = await busyConsole({ refuse: 1, code: 451 }, [MINUTE]);
  try {
    await forgot();
    await until(async () => (await pending(t))[0]?.mail_attempts === 1);
    t.clock.advance(61 * MINUTE);
    expect(await t.ctx.mail.sendDue()).toBe(0);
    expect(logs()).toContain("woes: password reset mail to cy@acme.test dropped: its link is not valid any more");
    expect([busy.mails.length, busy.tries.recipients, (await resets(t)).length]).toEqual([0, 1, 0]);
    await forgot();
    const token = linkIn((await busy.waitFor((m) => m.to.includes("cy@acme.test"))).text);
    expect((await t.call({ path: "/api/console/password/reset", body: { token, password: "a brand new passphrase" } })).status).toBe(200);
  } finally {
    await busy.stop();
  }
}, 30_000);

test.each([
  ["after the last wait", [MINUTE, MINUTE], "woes: password reset mail to cy@acme.test given up after 3 tries"],
  ["when its link would end before the next try", [MINUTE, 2 * 60 * MINUTE], "woes: password reset mail to cy@acme.test given up after 2 tries: its link ends before the next"],
])("a reset mail the server never takes is given up %s, and its link goes", async (_, retryMs, logged) => {
  const { busy, t, forgot, logs } = await busyConsole({ refuse: 100, code: 451 }, retryMs);
  try {
    await forgot();
    await until(async () => (await pending(t))[0]?.mail_attempts === 1);
    for (let i = 0; i < 3; i++) {
      t.clock.advance(MINUTE);
      expect(await t.ctx.mail.sendDue()).toBe(0);
    }
    expect(logs()).toContain(logged);
    expect(await resets(t)).toEqual([]);
    expect(busy.tries.recipients).toBe(retryMs[1] === MINUTE ? 3 : 2);
  } finally {
    await busy.stop();
  }
}, 30_000);

test("asking again while a reset mail is pending: nothing within the minute, then one new link mailed at once and the pending one never", async () => {
  const { busy, t, forgot } = await busyConsole({ refuse: 1, code: 451 }, [5 * MINUTE]);
  try {
    await forgot();
    await until(async () => (await pending(t))[0]?.mail_attempts === 1);
    await forgot();
    await sleep(300);
    expect([busy.tries.recipients, (await resets(t)).length]).toEqual([1, 1]);
    t.clock.advance(MINUTE);
    await forgot();
    const token = linkIn((await busy.waitFor((m) => m.to.includes("cy@acme.test"))).text);
    // note: the SMTP server has the mail before the sender has recorded it as sent.
    await until(async () => (await pending(t)).length === 0);
    t.clock.advance(5 * MINUTE);
    expect(await t.ctx.mail.sendDue()).toBe(0);
    expect([busy.mails.length, busy.tries.recipients]).toEqual([1, 2]);
    expect((await t.call({ path: "/api/console/password/reset", body: { token, password: "a brand new passphrase" } })).status).toBe(200);
  } finally {
    await busy.stop();
  }
}, 30_000);

test("five resets asked at the same moment make one link and one mail (at most one a minute holds under a burst)", async () => {
  const t = await makeConsole(withSmtp(smtp.url));
  await t.addUser("dee@acme.test", "owner");
  const answers = await Promise.all(Array.from({ length: 5 }, () => t.call({ path: "/api/console/password/forgot", body: { email: "dee@acme.test" } })));
  expect(answers.map((a) => a.status)).toEqual([202, 202, 202, 202, 202]);
  await smtp.waitFor((m) => m.to.includes("dee@acme.test"));
  await sleep(500);
  expect([(await resets(t)).length, smtp.mails.filter((m) => m.to.includes("dee@acme.test")).length]).toEqual([1, 1]);
}, 30_000);

test("resets made together with a quiet time: exactly one link, whatever the interleaving", async () => {
  const t = await makeConsole();
  const user = await t.addUser("eve@acme.test", "owner");
  const now = Date.now();
  const made = await Promise.all(Array.from({ length: 5 }, () => createReset(t.store, user.id, now, 60_000)));
  expect([made.filter(Boolean).length, (await resets(t)).length]).toEqual([1, 1]);
  expect((await createReset(t.store, user.id, now + 61_000, 60_000))?.token).toMatch(/^[0-9A-Za-z]{32}$/);
});
