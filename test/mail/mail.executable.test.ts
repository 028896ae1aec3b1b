// Email through dist/woes and a real SMTP server on loopback: replies to offline visitors (batched, no notes,
// no other visitor's data, unguessable links that reopen the conversation), opted-in operators, password reset.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { CLUSTER, denoEnv, NO_LIMITS, startServer, type RunningServer } from "../helpers/server";
import { startSmtp, SMTP_PASS } from "../helpers/smtp";
import { run, sleep } from "../runtime/neutral";
import { roomyTimeouts } from "../helpers/timeouts";

roomyTimeouts();

let server: RunningServer;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let owner: { cookie: string; csrf: string };
const OWNER = { name: "Olivia Owner", email: "olivia@acme.test", password: "correct horse battery staple" };
const ORIGIN = "http://shop.test";

beforeAll(async () => {
  smtp = await startSmtp();
  server = await startServer({ args: ["--smtp-url", smtp.url, "--mail-from", "chat@acme.test", "--mail-delay", "1", ...NO_LIMITS] });
  const token = server.setupUrl!.split("/").pop();
  const r = await fetch(`${server.url}/api/console/setup`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ token, ...OWNER }) });
  expect(r.status).toBe(200);
  owner = { cookie: r.headers.get("set-cookie")!.split(";")[0]!, csrf: ((await r.json()) as any).csrfToken };
});
afterAll(async () => {
  await server?.stop();
  await smtp?.stop();
});

const widget = (path: string, body: unknown, token?: string, on = { key: server.publicKey, origin: ORIGIN }) =>
  fetch(`${server.url}/api/widget/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-woes-key": on.key, origin: on.origin, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
const admin = (path: string, body: unknown) =>
  fetch(`${server.url}/api/admin/${path}`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${server.adminToken}` }, body: JSON.stringify(body) });
const consoleCall = (path: string, body: unknown, auth = owner, method = "POST") =>
  fetch(`${server.url}/api/console/${path}`, { method, headers: { "content-type": "application/json", cookie: auth.cookie, "x-csrf-token": auth.csrf }, body: JSON.stringify(body) });

/** visitorWith starts a visitor who typed an email on a page (by default ORIGIN's orders page), and its first conversation. */
async function visitorWith(email: string, text: string, pageUrl = `${ORIGIN}/orders?x=1`, on = { key: server.publicKey, origin: ORIGIN }) {
  const session = (await (await widget("session", { identity: { email }, page: { url: pageUrl } }, undefined, on)).json()) as any;
  const sent = (await (await widget("messages", { body: text }, session.visitor.token, on)).json()) as any;
  return { token: session.visitor.token as string, id: session.visitor.id as string, conversationId: sent.conversation.id as string };
}

/** mailedLink has an operator reply to the visitor and returns the link of the mail it gets: its address and token. */
async function mailedLink(visitor: { conversationId: string }, email: string) {
  expect((await admin(`conversations/${visitor.conversationId}/messages`, { body: `A reply for ${email}.` })).status).toBe(201);
  const mail = await smtp.waitFor((m) => m.to.includes(email));
  const [, url, token] = /(http:\/\/\S+\/c\/([0-9A-Za-z]{32}))/.exec(mail.text)!;
  return { url: url!.replace(/^http:\/\/[^/]+/, server.url), token: token! };
}

/** follow opens url as a browser would, one redirect at a time, and returns every address it went to. */
async function follow(url: string) {
  const hops = [url];
  for (;;) {
    const r = await fetch(hops.at(-1)!, { redirect: "manual" });
    const to = r.headers.get("location");
    if (!to) return { hops, status: r.status, html: await r.text() };
    hops.push(new URL(to, hops.at(-1)!).href);
  }
}

const keyFor = async (allowedOrigins: string[]) => ((await (await admin(`workspaces/${server.workspaceId}/keys`, { kind: "workspace", allowedOrigins })).json()) as any).key as string;
const revoke = async (key: string) => expect((await fetch(`${server.url}/api/admin/workspaces/${server.workspaceId}/keys/${key}`, { method: "DELETE", headers: { authorization: `Bearer ${server.adminToken}` } })).status).toBe(204);

describe("a mailed link for a page on no origin the owner listed", () => {
  // note: runs first, while no key lists an origin: the public key (the widget runs anywhere) lists no site either.
  test.each([
    ["an address the visitor typed, no key listing origins", "https://evil.attacker.example/login", null, false],
    ["a revoked key's origin, revoked before the reply", "https://old-shop.test/cart", "before", false],
    ["a revoked key's origin, revoked after the mail", "https://gone-shop.test/cart", "after", false],
    ["an address the visitor typed, another key listing the shop", "https://phish.attacker.example/login", null, true],
  ] as const)("%s: opens this server's chat page with the conversation, never that address", async (_, pageUrl, revoked, shopListed) => {
    if (shopListed) await keyFor([ORIGIN]);
    const site = new URL(pageUrl).origin;
    const on = revoked ? { key: await keyFor([site]), origin: site } : undefined;
    const email = `${new URL(pageUrl).hostname.split(".")[0]}@visitor.test`;
    const visitor = await visitorWith(email, "Where is my parcel?", pageUrl, on);
    if (revoked === "before") await revoke(on!.key);
    const link = await mailedLink(visitor, email);
    if (revoked === "after") await revoke(on!.key);

    const { hops, status, html } = await follow(link.url);
    expect(status).toBe(200);
    for (const hop of hops) expect(new URL(hop).origin).toBe(server.url);
    expect(hops.join(" ")).not.toContain(new URL(pageUrl).hostname);
    expect(html).not.toContain(new URL(pageUrl).hostname);
    // the chat page carries this server's widget with a key that takes this server's origin, and the token in its fragment
    const page = new URL(hops.at(-1)!);
    expect(page.hash).toBe(`#woes_resume=${link.token}`);
    const key = /data-public-key="([^"]+)"/.exec(html)![1]!;
    expect(html).toContain(`src="${server.url}/widget.js"`);
    const resumed = (await (await widget("session", { resume: link.token, page: { url: page.href } }, undefined, { key, origin: server.url })).json()) as any;
    expect(resumed.visitor.id).toBe(visitor.id);
    expect(resumed.conversations.map((c: any) => c.id)).toContain(visitor.conversationId);
  }, 30_000);
});

describe("replies mailed to a visitor who left", () => {
  test("replies within the delay share one mail: new replies only, never a note or another visitor's data", async () => {
    const ann = await visitorWith("ann@visitor.test", "Where is my order 1234?");
    const bob = await visitorWith("bob@visitor.test", "Bob's private question about invoice 9876");
    expect((await admin(`conversations/${ann.conversationId}/messages`, { body: "It left the warehouse today." })).status).toBe(201);
    expect((await admin(`conversations/${ann.conversationId}/messages`, { body: "INTERNAL: customer is grumpy", internal: true })).status).toBe(201);
    expect((await admin(`conversations/${ann.conversationId}/messages`, { body: "Tracking number follows tomorrow." })).status).toBe(201);
    expect((await admin(`conversations/${bob.conversationId}/messages`, { body: "Bob, your invoice is fixed." })).status).toBe(201);

    const mail = await smtp.waitFor((m) => m.to.includes("ann@visitor.test"));
    expect(mail.from).toBe("chat@acme.test");
    expect(mail.text).toContain("It left the warehouse today.");
    expect(mail.text).toContain("Tracking number follows tomorrow.");
    for (const leak of ["INTERNAL", "grumpy", "Bob", "9876", "invoice", "bob@visitor.test", server.adminToken, SMTP_PASS]) expect(mail.raw).not.toContain(leak);
    await smtp.waitFor((m) => m.to.includes("bob@visitor.test"));
    await sleep(2500);
    expect(smtp.mails.filter((m) => m.to.includes("ann@visitor.test")).length).toBe(1);

    // note: a later reply starts a new batch with only what is new.
    expect((await admin(`conversations/${ann.conversationId}/messages`, { body: "It arrived at your post office." })).status).toBe(201);
    const second = await smtp.waitFor((m) => m.to.includes("ann@visitor.test") && m.text.includes("post office"));
    expect(second.text).not.toContain("warehouse");
  }, 30_000);

  test("a reply of files alone is mailed as the files' names, not as an empty body", async () => {
    const fay = await visitorWith("fay@visitor.test", "Can you send the price list?");
    const form = new FormData();
    form.append("file", new Blob(["%PDF-1.4"], { type: "application/pdf" }), "price list 2026.pdf");
    const up = await fetch(`${server.url}/api/admin/conversations/${fay.conversationId}/attachments`, { method: "POST", headers: { authorization: `Bearer ${server.adminToken}` }, body: form });
    expect(up.status).toBe(201);
    const id = ((await up.json()) as any).attachment.id;
    expect((await admin(`conversations/${fay.conversationId}/messages`, { body: "", attachments: [id] })).status).toBe(201);
    const mail = await smtp.waitFor((m) => m.to.includes("fay@visitor.test"));
    expect(mail.text).toContain("(sent 1 file: price list 2026.pdf)");
    expect(mail.text).not.toContain("signature=");
  }, 30_000);

  test("the mailed link is unguessable, redirects to the conversation's page on an origin the owner listed and restores that visitor there", async () => {
    await keyFor([ORIGIN]);
    const cara = await visitorWith("cara@visitor.test", "Do you ship to Norway?");
    await admin(`conversations/${cara.conversationId}/messages`, { body: "Yes, we ship to Norway." });
    const mail = await smtp.waitFor((m) => m.to.includes("cara@visitor.test"));
    const link = /(http:\/\/\S+\/c\/(\S+))/.exec(mail.text)!;
    expect(link[2]).toMatch(/^[0-9A-Za-z]{32}$/);
    const other = smtp.mails.map((m) => /\/c\/(\S+)/.exec(m.text)?.[1]).filter(Boolean);
    expect(new Set(other).size).toBe(other.length);

    const go = await fetch(link[1]!.replace(/^http:\/\/[^/]+/, server.url), { redirect: "manual" });
    expect(go.status).toBe(302);
    expect(go.headers.get("location")).toBe(`${ORIGIN}/orders?x=1#woes_resume=${link[2]}`);
    for (const bad of ["A".repeat(32), `${link[2]!.slice(0, 31)}${link[2]!.endsWith("x") ? "y" : "x"}`, "short", `${link[2]}x`]) {
      const r = await fetch(`${server.url}/c/${bad}`, { redirect: "manual" });
      expect([bad, r.status]).toEqual([bad, 404]);
    }

    // a fresh browser (no visitor token) opening the page with the fragment gets Cara's conversation
    const resumed = (await (await widget("session", { resume: link[2] })).json()) as any;
    expect(resumed.visitor.id).toBe(cara.id);
    expect(resumed.conversations.map((c: any) => c.id)).toContain(cara.conversationId);
    expect(JSON.stringify(resumed)).not.toContain("ann@visitor.test");
    // a link never hands over a visitor of another workspace's key, and a wrong token changes nothing
    const stranger = (await (await widget("session", { resume: "B".repeat(32) })).json()) as any;
    expect(stranger.visitor.id).not.toBe(cara.id);
    expect(stranger.conversations).toEqual([]);
  }, 30_000);

  test("a visitor with an open stream is online: the reply is not mailed", async () => {
    const dan = await visitorWith("dan@visitor.test", "Hello?");
    const abort = new AbortController();
    const stream = await fetch(`${server.url}/api/widget/messages/stream`, { headers: { "x-woes-key": server.publicKey, origin: ORIGIN, authorization: `Bearer ${dan.token}` }, signal: abort.signal });
    expect(stream.status).toBe(200);
    // note: on two instances an open stream is known only to the instance that holds it, and the other may be the one
    // that mails; what every instance knows at once is the heartbeat the widget sends while open (README, Scale out).
    if (CLUSTER) expect((await widget("presence", { state: "active" }, dan.token)).status).toBe(200);
    // note: read as a browser would; a response nobody reads may be collected, which closes the stream.
    let seen = "";
    const reader = stream.body!.getReader();
    const reading = (async () => {
      for (let r = await reader.read(); !r.done; r = await reader.read()) seen += new TextDecoder().decode(r.value);
    })().catch(() => {});
    await admin(`conversations/${dan.conversationId}/messages`, { body: "Hi Dan, here now." });
    await sleep(2500);
    abort.abort();
    await reading;
    expect(seen).toContain("Hi Dan, here now.");
    expect(smtp.mails.filter((m) => m.to.includes("dan@visitor.test"))).toEqual([]);
  }, 30_000);
});

describe("operators who opt in", () => {
  test("get new conversations by mail; nobody else does", async () => {
    expect((await consoleCall("me/mail-notify", { on: true }, owner, "PUT")).status).toBe(204);
    await visitorWith("erin@visitor.test", "Is the blue jacket in stock?");
    const mail = await smtp.waitFor((m) => m.to.includes(OWNER.email) && m.subject.startsWith("New conversation"));
    expect(mail.text).toContain("Is the blue jacket in stock?");
    expect(mail.text).toMatch(/\/admin\/inbox\/conv_\w+/);
    // an agent's conversation handed to a person
    const agent = (await (await admin(`workspaces/${server.workspaceId}/agents`, { name: "Robo" })).json()) as any;
    const key = (await (await admin(`workspaces/${server.workspaceId}/keys`, { kind: "agent", agentId: agent.id ?? agent.agent?.id })).json()) as any;
    const viaAgent = (path: string, body: unknown, token?: string) =>
      fetch(`${server.url}/api/widget/${path}`, { method: "POST", headers: { "content-type": "application/json", "x-woes-key": key.key, origin: ORIGIN, ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) }).then((r) => r.json() as any);
    const gus = await viaAgent("session", {});
    const sent = await viaAgent("messages", { body: "I need a human about my refund" }, gus.visitor.token);
    await viaAgent("messages/handoff", { conversationId: sent.conversation.id }, gus.visitor.token);
    const waiting = await smtp.waitFor((m) => m.to.includes(OWNER.email) && m.subject.startsWith("Waiting for a person"));
    expect(waiting.text).toContain(`/admin/inbox/${sent.conversation.id}`);
    expect((await consoleCall("me/mail-notify", { on: false }, owner, "PUT")).status).toBe(204);
    await visitorWith("finn@visitor.test", "Second visitor, no mail please");
    await sleep(1500);
    expect(smtp.mails.some((m) => m.text.includes("Second visitor"))).toBe(false);
  }, 30_000);
});

describe("password reset", () => {
  test("forgot answers 202 for any address, mails only an account; the link works once and ends other sessions", async () => {
    const before = smtp.mails.length;
    const unknown = await fetch(`${server.url}/api/console/password/forgot`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: "nobody@acme.test" }) });
    expect(unknown.status).toBe(202);
    const known = await fetch(`${server.url}/api/console/password/forgot`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: "OLIVIA@acme.test " }) });
    expect(known.status).toBe(202);
    const mail = await smtp.waitFor((m) => m.to.includes(OWNER.email) && m.subject.includes("Reset"));
    expect(smtp.mails.slice(before).some((m) => m.to.includes("nobody@acme.test"))).toBe(false);
    const token = /\/admin\/reset\/([0-9A-Za-z]{32})/.exec(mail.text)![1];

    const other = await fetch(`${server.url}/api/console/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: OWNER.email, password: OWNER.password }) });
    const otherCookie = other.headers.get("set-cookie")!.split(";")[0]!;
    const reset = await fetch(`${server.url}/api/console/password/reset`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ token, password: "a brand new passphrase" }) });
    expect(reset.status).toBe(200);
    for (const cookie of [otherCookie, owner.cookie]) expect((await fetch(`${server.url}/api/console/me`, { headers: { cookie } })).status).toBe(401);
    const again = await fetch(`${server.url}/api/console/password/reset`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ token, password: "another passphrase 2" }) });
    expect([again.status, ((await again.json()) as any).error.code]).toEqual([404, "reset_invalid"]);
    const login = (password: string) => fetch(`${server.url}/api/console/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: OWNER.email, password }) });
    expect((await login(OWNER.password)).status).toBe(401);
    const fresh = await login("a brand new passphrase");
    expect(fresh.status).toBe(200);
    owner = { cookie: fresh.headers.get("set-cookie")!.split(";")[0]!, csrf: ((await fresh.json()) as any).csrfToken };
  }, 30_000);

  test("woes account reset-password prints a one-time link that works without mail", async () => {
    const cli = (args: string[]) => run([...server.command, ...args], { cwd: server.dir, env: { PATH: process.env.PATH ?? "", ...denoEnv(server.command) } });
    const missing = cli(["account", "reset-password", "ghost@acme.test", "--db", server.db]);
    expect(missing.code).toBe(2);
    const made = cli(["account", "reset-password", OWNER.email, "--db", server.db, "--json"]);
    expect(made.code).toBe(0);
    const { url } = JSON.parse(made.out);
    const token = /\/admin\/reset\/([0-9A-Za-z]{32})$/.exec(url)![1];
    const reset = (password: string) => fetch(`${server.url}/api/console/password/reset`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ token, password }) });
    expect((await reset("set from the command line")).status).toBe(200);
    expect((await reset("and once more, refused")).status).toBe(404);
  }, 30_000);
});
