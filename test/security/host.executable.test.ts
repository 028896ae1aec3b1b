// The Host header is the caller's to choose: through dist/woes (no --public-url) and a real SMTP server on loopback,
// a reset asked with a forged or malformed Host is mailed with a link on the server's own origin, answers like any
// other, and pages an anonymous request gets never fail with a 5xx (the test page names a Host to its own requester only).
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { connect } from "node:net";
import { startServer, type RunningServer } from "../helpers/server";
import { startSmtp, type Received } from "../helpers/smtp";
import { roomyTimeouts } from "../helpers/timeouts";
import { sleep } from "../runtime/neutral";

roomyTimeouts();

let server: RunningServer;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
const OWNER = { name: "Olivia Owner", email: "olivia@acme.test", password: "correct horse battery staple" };
const BEA = { name: "Bea Operator", email: "bea@acme.test", password: "another long passphrase" };
const EVIL = "evil.attacker.example";

/** raw sends one HTTP/1.1 request with the Host given (fetch writes its own) and returns the status and what follows the head. */
function raw(method: string, path: string, host: string, body?: unknown): Promise<{ status: number; text: string }> {
  const payload = body === undefined ? "" : JSON.stringify(body);
  const head = [`${method} ${path} HTTP/1.1`, `Host: ${host}`, "Content-Type: application/json", `Content-Length: ${new TextEncoder().encode(payload).length}`, "Connection: close"];
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, "127.0.0.1", () => socket.write(`${head.join("\r\n")}\r\n\r\n${payload}`));
    let out = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => (out += chunk));
    socket.on("error", reject);
    socket.on("close", () => resolve({ status: Number(out.split(" ")[1]), text: out.slice(out.indexOf("\r\n\r\n") + 4) }));
  });
}

const forgot = (host: string, email: string) => raw("POST", "/api/console/password/forgot", host, { email });
const resetMail = (email: string) => (m: Received) => m.to.includes(email) && m.subject.includes("Reset");
const resetLink = (mail: Received) => /(\S+)\/admin\/reset\/([0-9A-Za-z]{32})/.exec(mail.text);
const resetWith = (token: string, password: string) =>
  fetch(`${server.url}/api/console/password/reset`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ token, password }) });

beforeAll(async () => {
  smtp = await startSmtp();
  server = await startServer({ args: ["--smtp-url", smtp.url, "--mail-from", "chat@acme.test"] });
  const json = { "content-type": "application/json" };
  const setup = await fetch(`${server.url}/api/console/setup`, { method: "POST", headers: json, body: JSON.stringify({ token: server.setupUrl!.split("/").pop(), ...OWNER }) });
  expect(setup.status).toBe(200);
  const owner = { cookie: setup.headers.get("set-cookie")!.split(";")[0]!, "x-csrf-token": ((await setup.json()) as any).csrfToken };
  const invite = await fetch(`${server.url}/api/console/invites`, { method: "POST", headers: { ...json, ...owner }, body: JSON.stringify({ workspaceId: server.workspaceId, role: "operator" }) });
  expect(invite.status).toBe(201);
  const token = ((await invite.json()) as any).url.split("/").pop();
  expect((await fetch(`${server.url}/api/console/invites/accept`, { method: "POST", headers: json, body: JSON.stringify({ token, ...BEA }) })).status).toBe(200);
});
afterAll(async () => {
  await server?.stop();
  await smtp?.stop();
});

describe("password reset", () => {
  test(`asked with Host: ${EVIL}, the mailed link is on the server's own origin`, async () => {
    const r = await forgot(EVIL, OWNER.email);
    expect(r.status).toBe(202);
    const mail = await smtp.waitFor(resetMail(OWNER.email));
    expect(resetLink(mail)?.[1]).toBe(server.url);
    expect(mail.raw).not.toContain(EVIL);
  });

  // note: with a malformed Host an account is mailed as with a good one (a working link on the server's origin,
  // so its reset row is the real one, not a dangling one); a stranger gets the same answer and nothing.
  test("asked with a malformed Host, an account and a stranger get the same 202; only the account gets a working link", async () => {
    for (const host of ["a b", "x:99999"]) {
      const stranger = await forgot(host, `nobody.${host.length}@acme.test`);
      expect([host, stranger.status, stranger.text]).toEqual([host, 202, expect.stringContaining('{"ok":true}')]);
    }
    const account = await forgot("a b", BEA.email);
    expect([account.status, account.text]).toEqual([202, expect.stringContaining('{"ok":true}')]);
    const mail = await smtp.waitFor(resetMail(BEA.email));
    const link = resetLink(mail)!;
    expect(link[1]).toBe(server.url);
    expect((await resetWith(link[2]!, "a brand new passphrase")).status).toBe(200);
    await sleep(500);
    expect(smtp.mails.filter((m) => m.to.some((to) => to.startsWith("nobody.")))).toEqual([]);
  });
});

describe("pages an anonymous request gets", () => {
  const cases = [
    { name: "the widget test page with a malformed Host", path: () => `/admin/try/${server.publicKey}`, host: "a b", expected: () => `src="${server.url}/widget.js"` },
    { name: "the install snippet with a malformed Host", path: () => `/install/${server.publicKey}?format=text`, host: "a b", expected: () => `src="${server.url}/widget.js"` },
    { name: "the install snippet with a port out of range", path: () => `/install/${server.publicKey}`, host: "x:99999", expected: () => `${server.url}/widget.js` },
  ];
  for (const c of cases) {
    test(`${c.name} answers 200 with the server's own origin`, async () => {
      const r = await raw("GET", c.path(), c.host);
      expect(r.status).toBe(200);
      expect(r.text).toContain(c.expected());
      expect(r.text).not.toContain(EVIL);
    });
  }

  // note: like /install, the test page names the address it was asked at (a LAN address, a port mapping): a Host
  // only its own requester sees, never stored by a cache (no-store, Vary: Host).
  test("the widget test page reached by another address names that address, for that requester only", async () => {
    const lan = `192.168.1.5:${server.port}`;
    const r = await raw("GET", `/admin/try/${server.publicKey}`, lan);
    expect(r.status).toBe(200);
    expect(r.text).toContain(`src="http://${lan}/widget.js"`);
    const head = await fetch(`${server.url}/admin/try/${server.publicKey}`);
    expect(head.headers.get("cache-control")).toBe("no-store");
    expect(head.headers.get("vary")).toContain("Host");
  });
});
