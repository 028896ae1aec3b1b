// A reply mail the SMTP server does not take is not lost: dist/woes keeps the batch in its database, tries again
// after each wait of --mail-retry (across a restart), mails it once when the server takes it (again only after a
// crash in between), lets a send under way finish on SIGTERM, and gives
// up (logged) on a refusal for good or after the last wait. Against a real SMTP server on loopback.
import { afterEach, describe, expect, test } from "bun:test";
import { loadConfig } from "../../src/config";
import { freePort, NO_LIMITS, startServer, type RunningServer } from "../helpers/server";
import { SMTP_PASS, startSmtp } from "../helpers/smtp";
import { sleep } from "../runtime/neutral";
import { roomyTimeouts } from "../helpers/timeouts";

roomyTimeouts();

const ORIGIN = "http://shop.test";
let running: { stop(): Promise<void> }[] = [];
afterEach(async () => {
  for (const r of running.reverse()) await r.stop();
  running = [];
});

/** woes starts dist/woes mailing through url, every reply batch due at once, retried after 1 s each time. */
async function woes(url: string, retry = "1,1,1") {
  const server = await startServer({ args: ["--smtp-url", url, "--mail-delay", "0", "--mail-retry", retry, ...NO_LIMITS] });
  running.push(server);
  return server;
}

/** replyToOffline starts a visitor who left an email and answers them while they are gone. */
async function replyToOffline(server: RunningServer, email: string, reply: string) {
  const widget = (path: string, body: unknown, token?: string) =>
    fetch(`${server.url}/api/widget/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-woes-key": server.publicKey, origin: ORIGIN, ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    }).then((r) => r.json() as Promise<any>);
  const session = await widget("session", { identity: { email }, page: { url: `${ORIGIN}/help` } });
  const sent = await widget("messages", { body: "Is my parcel lost?" }, session.visitor.token);
  const r = await fetch(`${server.url}/api/admin/conversations/${sent.conversation.id}/messages`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${server.adminToken}` },
    body: JSON.stringify({ body: reply }),
  });
  expect(r.status).toBe(201);
}

/** waitForLog waits until the server printed text. */
async function waitForLog(server: RunningServer, text: string | RegExp, ms = 15_000) {
  const deadline = Date.now() + ms;
  while (!(typeof text === "string" ? server.stdout().includes(text) : text.test(server.stdout()))) {
    if (Date.now() > deadline) throw new Error(`woes never printed ${text}:\n${server.stdout().slice(-2000)}`);
    await sleep(50);
  }
}

describe("mail retry", () => {
  test("the server answers 451 twice: the mail is tried again and arrives exactly once", async () => {
    const smtp = await startSmtp({ refuse: 2, code: 451 });
    running.push(smtp);
    const server = await woes(smtp.url);
    await replyToOffline(server, "dana@visitor.test", "Your parcel is at the depot.");
    const mail = await smtp.waitFor((m) => m.to.includes("dana@visitor.test"), 20_000);
    expect(mail.text).toContain("Your parcel is at the depot.");
    expect(smtp.tries.recipients).toBe(3);
    expect(server.stdout()).toMatch(/not sent \(try 1\)/);
    expect(server.stdout()).toMatch(/not sent \(try 2\)/);
    // note: accepted once, it is never sent again, however long the server keeps running.
    await sleep(3000);
    expect(smtp.mails.filter((m) => m.to.includes("dana@visitor.test"))).toHaveLength(1);
    expect(smtp.tries.recipients).toBe(3);
    expect(server.stdout()).not.toContain(SMTP_PASS);
  }, 60_000);

  test("the SMTP server is down, then woes restarts: the batch kept in the database is mailed once it is up", async () => {
    const port = await freePort();
    const url = `smtp://woes:${SMTP_PASS}@127.0.0.1:${port}`;
    const server = await woes(url, "2,2,2");
    await replyToOffline(server, "eve@visitor.test", "We found your parcel.");
    await waitForLog(server, /not sent \(try 1\)/);
    server.proc.kill("SIGTERM");
    await server.proc.exited;
    // note: the server comes up only now, so only the restarted woes (which knows the batch from its database) can mail it.
    const smtp = await startSmtp({ port });
    running.unshift(smtp);
    await server.restart();
    const mail = await smtp.waitFor((m) => m.to.includes("eve@visitor.test"), 20_000);
    expect(mail.text).toContain("We found your parcel.");
    await sleep(3000);
    expect(smtp.mails).toHaveLength(1);
    expect(server.stdout()).not.toContain(SMTP_PASS);
  }, 60_000);

  test("SIGTERM while a mail is being sent: woes lets the send finish, and after a restart the mail is not sent again", async () => {
    const smtp = await startSmtp({ slowMs: 1500 });
    running.push(smtp);
    const server = await woes(smtp.url);
    await replyToOffline(server, "ida@visitor.test", "Your order shipped.");
    const deadline = Date.now() + 15_000;
    while (smtp.tries.recipients === 0 && Date.now() < deadline) await sleep(20);
    server.proc.kill("SIGTERM");
    await server.proc.exited;
    expect(smtp.mails).toHaveLength(1);
    await server.restart();
    await sleep(3000);
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.tries.recipients).toBe(1);
  }, 60_000);

  test("a refusal for good (550) is logged and given up at once; a server that never takes it is given up after the last wait", async () => {
    const hard = await startSmtp({ refuse: 100, code: 550 });
    running.push(hard);
    const a = await woes(hard.url);
    await replyToOffline(a, "finn@visitor.test", "Refund done.");
    await waitForLog(a, /failed: .*550/);
    await sleep(3000);
    expect(hard.tries.recipients).toBe(1);
    expect(a.stdout()).not.toMatch(/not sent \(try/);

    const busy = await startSmtp({ refuse: 100, code: 451 });
    running.push(busy);
    const b = await woes(busy.url, "1,1");
    await replyToOffline(b, "gus@visitor.test", "Refund done.");
    await waitForLog(b, /given up after 3 tries/);
    await sleep(2000);
    expect(busy.tries.recipients).toBe(3);
    expect(busy.mails).toHaveLength(0);
  }, 60_000);
});

describe("--mail-retry", () => {
  test.each([
    ["absent: 1, 5, 15 and 60 minutes", {}, {}, [60_000, 300_000, 900_000, 3_600_000]],
    ["the flag, in seconds", { "mail-retry": "5, 30" }, {}, [5_000, 30_000]],
    ["the environment", {}, { WOES_MAIL_RETRY: "120" }, [120_000]],
    ["the flag over the environment", { "mail-retry": "10" }, { WOES_MAIL_RETRY: "120" }, [10_000]],
  ] as [string, Record<string, string>, Record<string, string>, number[]][])("%s", (_, flags, env, waits) => {
    expect(loadConfig(flags, env).mail.retryMs).toEqual(waits);
  });

  test.each([["60,soon"], ["0"], ["-5"], [Array(21).fill("1").join(",")]])("%p is refused, naming the setting", (bad) => {
    expect(() => loadConfig({ "mail-retry": bad }, {})).toThrow(/^invalid --mail-retry: /);
  });
});
