// Where links point: the server's own origin (--public-url, else the listening address) for anything mailed, and
// a reset asked of the app under a forged Host (a real SMTP server on loopback) uses it.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { sql } from "drizzle-orm";
import { defaultConfig } from "../../src/config";
import { requestOrigin, serverOrigin } from "../../src/lib/origin";
import { makeConsole } from "../console/fixture";
import { startSmtp } from "../helpers/smtp";
import { sleep } from "../runtime/neutral";

const where = (over: Partial<ReturnType<typeof defaultConfig>>) => ({ ...defaultConfig(), ...over });

test.each([
  ["--public-url wins", where({ publicUrl: "https://chat.example.com", host: "127.0.0.1", port: 8080 }), "https://chat.example.com"],
  ["every IPv4 interface is localhost", where({ host: "0.0.0.0", port: 3000 }), "http://localhost:3000"],
  ["every IPv6 interface is localhost", where({ host: "::", port: 3000 }), "http://localhost:3000"],
  ["a bound address is named", where({ host: "127.0.0.1", port: 8080 }), "http://127.0.0.1:8080"],
  ["an IPv6 address is bracketed", where({ host: "::1", port: 8080 }), "http://[::1]:8080"],
])("serverOrigin: %s", (_name, config, expected) => {
  expect(serverOrigin(config)).toBe(expected);
  expect(URL.canParse(serverOrigin(config))).toBe(true);
});

test("requestOrigin: --public-url, else the request's own origin; never a Host that is no address", () => {
  const at = (url: string) => ({ url }) as Request;
  expect(requestOrigin(where({ publicUrl: "https://chat.example.com" }), at("http://evil.example.net/install/x"))).toBe("https://chat.example.com");
  expect(requestOrigin(where({}), at("http://chat.example.com:8080/install/x"))).toBe("http://chat.example.com:8080");
  // note: Bun hands a Host with a space over as the path alone; Deno as a URL nothing parses.
  for (const url of ["/install/x", "http://a b/install/x", "http://x:99999/install/x"]) expect([url, requestOrigin(where({ port: 4000 }), at(url))]).toEqual([url, "http://localhost:4000"]);
});

let smtp: Awaited<ReturnType<typeof startSmtp>>;
beforeAll(async () => (smtp = await startSmtp()));
afterAll(async () => smtp?.stop());

test.each([
  ["--public-url", { publicUrl: "https://chat.example.com" }, "https://chat.example.com"],
  ["no --public-url: the listening address, as mail notices use", { host: "0.0.0.0", port: 3000 }, "http://localhost:3000"],
])("a reset asked under a forged Host is mailed with a link on %s, answered like a stranger's", async (_name, config, origin) => {
  const t = await makeConsole({ ...config, mail: { ...defaultConfig().mail, smtpUrl: smtp.url } });
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
  expect(t.store.db.all(sql`SELECT * FROM password_reset`).length).toBe(1);
}, 30_000);
