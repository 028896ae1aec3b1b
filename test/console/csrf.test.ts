// Cross-site request forgery: state changes must come from the console's own pages.
import { describe, expect, test } from "bun:test";
import { makeConsole, PASSWORD, type Req } from "./fixture";

const EVIL = "https://evil.example";

describe("requests without a session (login, setup, accept) check the Origin", () => {
  test.each<[string, Partial<Req>, number, string]>([
    ["cross-site Origin", { origin: EVIL }, 403, "csrf_failed"],
    ["Origin of another port", { origin: "http://localhost:8080" }, 403, "csrf_failed"],
    ["Origin null (sandboxed page)", { origin: "null" }, 403, "csrf_failed"],
    ["Sec-Fetch-Site: cross-site", { headers: { "sec-fetch-site": "cross-site" } }, 403, "csrf_failed"],
    ["a form post (urlencoded), no Origin", { raw: "email=o%40example.com&password=x", type: "application/x-www-form-urlencoded", body: undefined }, 415, "unsupported_media_type"],
    ["a text/plain post, no Origin", { raw: '{"email":"o@example.com"}', type: "text/plain", body: undefined }, 415, "unsupported_media_type"],
  ])("login refuses %s", async (_n, extra, status, code) => {
    const t = await makeConsole();
    await t.addUser("o@example.com", "owner");
    const r = await t.call({ path: "/api/console/login", body: { email: "o@example.com", password: PASSWORD }, ...extra });
    expect(r.status).toBe(status);
    expect(r.json.error.code).toBe(code);
    expect(r.headers.get("set-cookie")).toBeNull();
  });

  test("same-origin login passes, as does --public-url's origin", async () => {
    const t = await makeConsole({ publicUrl: "https://chat.example.com" });
    await t.addUser("o@example.com", "owner");
    for (const origin of ["http://localhost", "https://chat.example.com"]) {
      expect((await t.call({ path: "/api/console/login", origin, body: { email: "o@example.com", password: PASSWORD } })).status).toBe(200);
    }
  });

  test("setup and invite acceptance refuse a cross-site Origin before touching the link", async () => {
    const t = await makeConsole();
    const body = { token: t.setupToken, name: "Eve", email: "eve@example.com", password: PASSWORD };
    expect((await t.call({ path: "/api/console/setup", origin: EVIL, body })).json.error.code).toBe("csrf_failed");
    expect((await t.call({ path: "/api/console/invites/accept", origin: EVIL, body })).json.error.code).toBe("csrf_failed");
    expect((await t.call({ path: `/api/console/links/${t.setupToken}` })).status).toBe(200);
  });
});

describe("signed-in state changes need the session's x-csrf-token", () => {
  test.each<[string, (s: { cookie: string; csrf: string }) => Partial<Req>, number]>([
    ["no token", (s) => ({ cookie: s.cookie }), 403],
    ["another token", (s) => ({ cookie: s.cookie, csrf: "A".repeat(32) }), 403],
    ["the token but a cross-site Origin", (s) => ({ cookie: s.cookie, csrf: s.csrf, origin: EVIL }), 403],
    ["the token, same origin", (s) => ({ cookie: s.cookie, csrf: s.csrf, origin: "http://localhost" }), 201],
  ])("console invite with %s", async (_n, auth, status) => {
    const t = await makeConsole();
    const s = await t.addUser("o@example.com", "owner");
    const r = await t.call({ path: "/api/console/invites", body: { workspaceId: t.acme.workspace.id, role: "operator" }, ...auth(s) });
    expect(r.status).toBe(status);
    if (status === 403) expect(r.json.error.code).toBe("csrf_failed");
  });

  test("one session's token does not work for another session", async () => {
    const t = await makeConsole();
    const a = await t.addUser("a@example.com", "owner");
    const b = await t.addUser("b@example.com", "owner");
    const r = await t.call({ path: "/api/console/logout", method: "POST", cookie: a.cookie, csrf: b.csrf });
    expect(r.json.error.code).toBe("csrf_failed");
  });

  test("a state-changing operator API call with the cookie and a cross-site Origin is refused", async () => {
    const t = await makeConsole();
    const s = await t.addUser("o@example.com", "owner");
    const path = `/api/admin/workspaces/${t.acme.workspace.id}`;
    const evil = await t.call({ method: "PATCH", path, cookie: s.cookie, origin: EVIL, body: { name: "Pwned" } });
    expect(evil.status).toBe(403);
    expect(evil.json.error.code).toBe("csrf_failed");
    const noToken = await t.call({ method: "PATCH", path, cookie: s.cookie, body: { name: "Pwned" } });
    expect(noToken.status).toBe(403);
    const ok = await t.call({ method: "PATCH", path, cookie: s.cookie, csrf: s.csrf, origin: "http://localhost", body: { name: "Renamed" } });
    expect(ok.status).toBe(200);
  });
});
