// Password reset mails through the app and a real SMTP server on loopback: the link is on the server's own origin
// whatever Host the request names, the answer is a stranger's, and a mail that does not go leaves no link behind.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { sql } from "drizzle-orm";
import { defaultConfig } from "../../src/config";
import { startSmtp } from "../helpers/smtp";
import { sleep } from "../runtime/neutral";
import { createReset } from "../../src/accounts/password-reset";
import { makeConsole } from "./fixture";

const withSmtp = (url: string) => ({ mail: { ...defaultConfig().mail, smtpUrl: url } });
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
  expect(resets(t).length).toBe(1);
}, 30_000);

test("a reset mail the SMTP server does not take leaves no link, so asking again mails one at once", async () => {
  const busy = await startSmtp({ refuse: 1, code: 451 });
  try {
    const t = await makeConsole(withSmtp(busy.url));
    await t.addUser("cy@acme.test", "owner");
    const forgot = () => t.call({ path: "/api/console/password/forgot", body: { email: "cy@acme.test" } });
    expect((await forgot()).status).toBe(202);
    for (let i = 0; i < 100 && busy.tries.recipients < 1; i++) await sleep(50);
    await sleep(300);
    expect([busy.tries.recipients, busy.mails.length, resets(t).length]).toEqual([1, 0, 0]);
    expect((await forgot()).status).toBe(202);
    const mail = await busy.waitFor((m) => m.to.includes("cy@acme.test"));
    const token = /\/admin\/reset\/([0-9A-Za-z]{32})/.exec(mail.text)![1];
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
  expect([resets(t).length, smtp.mails.filter((m) => m.to.includes("dee@acme.test")).length]).toEqual([1, 1]);
}, 30_000);

test("resets made together with a quiet time: exactly one link, whatever the interleaving", async () => {
  const t = await makeConsole();
  const user = await t.addUser("eve@acme.test", "owner");
  const now = Date.now();
  const made = await Promise.all(Array.from({ length: 5 }, () => createReset(t.store, user.id, now, 60_000)));
  expect([made.filter(Boolean).length, resets(t).length]).toEqual([1, 1]);
  expect(await createReset(t.store, user.id, now + 61_000, 60_000)).toMatch(/^[0-9A-Za-z]{32}$/);
});
