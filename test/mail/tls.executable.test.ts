// smtps:// in WOES_SMTP_URL: dist/woes mails through an SMTP server that speaks TLS from the first byte (port 465 style), on loopback
// with a certificate made for the test; the password never shows in the output.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { NO_LIMITS, startServer, type RunningServer } from "../helpers/server";
import { SMTP_PASS, startSmtp } from "../helpers/smtp";
import { run } from "../runtime/neutral";
import { roomyTimeouts } from "../helpers/timeouts";

roomyTimeouts();

let smtp: Awaited<ReturnType<typeof startSmtp>>;
let server: RunningServer;
const dir = mkdtempSync(join(tmpdir(), "woes-tls-"));

beforeAll(async () => {
  const [key, cert] = [join(dir, "key.pem"), join(dir, "cert.pem")];
  const made = run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-subj", "/CN=127.0.0.1", "-days", "1", "-keyout", key, "-out", cert]);
  expect(made.code).toBe(0);
  smtp = await startSmtp({ tls: { key: readFileSync(key, "utf8"), cert: readFileSync(cert, "utf8") } });
  // note: the test's certificate is self-signed, so this one client is told to accept it; a real provider's is not.
  // The URL comes from the environment, as the README advises (it holds the password).
  server = await startServer({ args: ["--mail-delay", "0", ...NO_LIMITS], env: { WOES_SMTP_URL: `${smtp.url}?tls.rejectUnauthorized=false` } });
}, 180_000);
afterAll(async () => {
  await server?.stop();
  await smtp?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test("an operator reply to a visitor who left goes out over TLS", async () => {
  expect(smtp.url).toStartWith("smtps://");
  const widget = (path: string, body: unknown, token?: string) =>
    fetch(`${server.url}/api/widget/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-woes-key": server.publicKey, origin: "http://shop.test", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    }).then((r) => r.json() as Promise<any>);
  const session = await widget("session", { identity: { email: "tia@visitor.test" } });
  const sent = await widget("messages", { body: "Do you ship to Malta?" }, session.visitor.token);
  const reply = await fetch(`${server.url}/api/admin/conversations/${sent.conversation.id}/messages`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${server.adminToken}` },
    body: JSON.stringify({ body: "Yes, we ship to Malta." }),
  });
  expect(reply.status).toBe(201);
  const mail = await smtp.waitFor((m) => m.to.includes("tia@visitor.test"), 20_000);
  expect(mail.tls).toBe(true);
  expect(mail.text).toContain("Yes, we ship to Malta.");
  expect(server.stdout()).not.toContain(SMTP_PASS);
}, 60_000);
