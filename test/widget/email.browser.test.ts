// Email in real Chromium against dist/woes and a real SMTP server: the messenger asks for an email after the
// first message, and the mailed link reopens the conversation in the widget on the page it came from (its origin
// listed on a key), or else on this server's chat page.
import { afterAll, afterEach, beforeAll, expect, test } from "bun:test";
import { startServer } from "../helpers/server";
import { startSmtp } from "../helpers/smtp";
import { hasText, hidden, suite, until, visible } from "./browser-kit";

let smtp: Awaited<ReturnType<typeof startSmtp>>;
const t = suite((opts) => startServer({ args: [...(opts?.args ?? []), "--smtp-url", smtp.url, "--mail-delay", "1"] }));
beforeAll(async () => {
  smtp = await startSmtp();
  await t.start();
}, 180_000);
afterAll(async () => {
  await t.stop();
  await smtp?.stop();
});
afterEach(() => t.closeContexts());

const show = (page: import("playwright-core").Page) => page.evaluate(() => (window as any).Woes("show"));

/** listOrigin makes a key of the workspace that lists origin, so mailed links may lead there. */
const listOrigin = async (origin: string) =>
  expect((await fetch(`${t.server.url}/api/admin/workspaces/${t.server.workspaceId}/keys`, { method: "POST", headers: { authorization: `Bearer ${t.server.adminToken}`, "content-type": "application/json" }, body: JSON.stringify({ kind: "workspace", allowedOrigins: [origin] }) })).status).toBe(201);

// note: first, while no key lists an origin: the shop page is then an address the visitor's browser made up.
test("on a page whose origin no key lists, the mailed link opens the conversation on this server's chat page", async () => {
  const { page, w, calls, context } = await t.open({ before: `Woes("identify", {email: "ivy@visitor.test"})` });
  const shop = new URL(page.url()).origin;
  await show(page);
  const { conversation } = await w.send("Is the red one back in stock?");
  // note: the visitor leaves: the page says offline and its stream closes, so the reply goes by mail.
  await until(() => calls.find((c) => c.route == "presence"), "a heartbeat");
  await page.waitForTimeout(300);
  await page.close({ runBeforeUnload: true });
  await context.close();
  const online = () => t.op.get(`/api/admin/visitors/online?workspace=${t.server.workspaceId}`).then((r) => JSON.stringify(r).includes(conversation.id));
  await until(async () => !(await online()), "the visitor offline");
  await new Promise((r) => setTimeout(r, 300));
  await t.op.reply(conversation.id, "Back on Monday.");
  const mail = await smtp.waitFor((m) => m.to.includes("ivy@visitor.test"));
  const link = /(http:\/\/\S+\/c\/[0-9A-Za-z]{32})/.exec(mail.text)![1]!;

  const other = await t.open({ body: "<p>other page</p>" });
  const requested: string[] = [];
  other.page.on("request", (r) => void requested.push(r.url()));
  await other.page.goto(link);
  await hasText(other.w.messages, "Back on Monday.", 5000);
  await hasText(other.w.messages, "Is the red one back in stock?");
  expect(other.page.url()).toBe(`${t.server.url}/chat/${t.server.publicKey}`);
  expect(requested.filter((u) => u.startsWith(shop))).toEqual([]);
  expect(other.errors).toEqual([]);
}, 60_000);

test("after the first message the messenger asks for an email, checks it, and a reply is mailed with a link that reopens the chat", async () => {
  const { page, w, calls, context, errors } = await t.open();
  const pageUrl = page.url();
  await listOrigin(new URL(pageUrl).origin);
  await show(page);
  const { conversation } = await w.send("Do you have this in size 44?");
  const ask = w.q("form.ask");
  await visible(ask);
  await hasText(ask, "Get notified by email");
  await w.q("form.ask input").fill("gina@");
  await w.q("form.ask button").click();
  await hasText(w.q("form.ask .err"), "Enter an email address");
  expect(await w.q("form.ask input").getAttribute("aria-invalid")).toBe("true");
  expect(calls.filter((c) => c.route == "session" && c.body?.identity)).toEqual([]);

  await w.q("form.ask input").fill("gina@visitor.test");
  await w.q("form.ask button").click();
  await until(() => calls.find((c) => c.route == "session" && c.body?.identity?.email == "gina@visitor.test"), "identify with the email");
  await until(async () => JSON.stringify(await t.op.get(`/api/admin/conversations/${conversation.id}`)).includes("gina@visitor.test"), "the email on the visitor");
  await hidden(w.q("form.ask input"));
  expect(errors).toEqual([]);
  // note: the visitor leaves: the page says offline and its stream closes, so the reply goes by mail.
  await page.close({ runBeforeUnload: true });
  await until(() => calls.find((c) => c.route == "presence" && c.url && JSON.stringify(c.body ?? "").includes("offline")) ?? true, "offline");
  await context.close();
  await new Promise((r) => setTimeout(r, 300));
  await t.op.reply(conversation.id, "Yes, size 44 is in stock.");
  const mail = await smtp.waitFor((m) => m.to.includes("gina@visitor.test"));
  const link = /(http:\/\/\S+\/c\/[0-9A-Za-z]{32})/.exec(mail.text)![1]!;

  // another browser, no visitor token: the link lands on the shop page and the widget shows the conversation
  const other = await t.open({ body: "<p>other page</p>" });
  await other.page.goto(link);
  await hasText(other.w.messages, "Yes, size 44 is in stock.", 5000);
  await hasText(other.w.messages, "Do you have this in size 44?");
  // note: the token leaves the address bar once used, so it is not bookmarked or shared by accident.
  expect(other.page.url()).toBe(pageUrl);
  expect(other.errors).toEqual([]);
}, 60_000);

test("a visitor whose email is known is not asked", async () => {
  const { page, w } = await t.open({ before: `Woes("identify", {email: "hal@visitor.test"})` });
  await show(page);
  await w.send("Hello there");
  await page.waitForTimeout(300);
  expect(await w.q("form.ask").count()).toBe(0);
}, 30_000);

test("while an operator is online the messenger does not ask; once nobody is, it does", async () => {
  const inbox = new AbortController();
  const stream = await fetch(`${t.server.url}/api/admin/conversations/stream`, { headers: { authorization: `Bearer ${t.server.adminToken}` }, signal: inbox.signal });
  expect(stream.status).toBe(200);
  // note: read as a browser would; a response nobody reads may be collected, which closes the stream.
  void stream.body!.pipeTo(new WritableStream()).catch(() => {});
  const online = await t.open();
  await show(online.page);
  await online.w.send("Anyone there?");
  await online.page.waitForTimeout(300);
  expect(await online.w.q("form.ask").count()).toBe(0);
  inbox.abort();
  // note: a new visitor after the operator left is asked, so the prompt was held back by presence alone.
  const offline = await t.open();
  await show(offline.page);
  await offline.w.send("Anyone there now?");
  await visible(offline.w.q("form.ask"));
}, 30_000);
