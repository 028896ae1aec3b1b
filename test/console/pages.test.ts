// The console's pages: one shell for every /admin path, strict headers, embedded assets, the test page.
import { describe, expect, test } from "bun:test";
import { makeConsole } from "./fixture";

describe("console pages", () => {
  test.each(["/admin", "/admin/", "/admin/login", "/admin/inbox/conv_x", "/admin/settings/install", "/admin/setup/abc"])("%s serves the shell with strict headers", async (path) => {
    const t = await makeConsole();
    const r = await t.call({ path });
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toContain("text/html");
    const csp = r.headers.get("content-security-policy")!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(r.headers.get("x-frame-options")).toBe("DENY");
    expect(r.headers.get("referrer-policy")).toBe("no-referrer");
    expect(r.text).toMatch(/<script type="module" src="\/admin\/console\.js\?v=[0-9a-f]{12}"><\/script>/);
    expect(r.text).not.toMatch(/<script>/);
  });

  test.each([
    ["/admin/console.js", "application/javascript", "/*console*/"],
    ["/admin/console.css", "text/css", "/*css*/"],
  ])("%s is served from memory with an ETag", async (path, type, body) => {
    const t = await makeConsole();
    const r = await t.call({ path });
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toContain(type);
    expect(r.text).toBe(body);
    expect((await t.call({ path, headers: { "if-none-match": r.headers.get("etag")! } })).status).toBe(304);
  });

  test("the test page carries the real snippet of a live key, and nothing secret", async () => {
    const t = await makeConsole({ publicUrl: "https://chat.example.com" });
    const r = await t.call({ path: `/admin/try/${t.acme.publicKey}` });
    expect(r.status).toBe(200);
    expect(r.text).toContain(`data-public-key="${t.acme.publicKey}"`);
    expect(r.text).toContain('src="https://chat.example.com/widget.js"');
    expect(r.text).toContain('data-api="https://chat.example.com/api/widget/messages"');
    expect(r.text).not.toContain(t.acme.identitySecret);
    expect((await t.call({ path: "/admin/try/pk_ws_unknown" })).status).toBe(404);
  });

  test("console API answers are never cached", async () => {
    const t = await makeConsole();
    const s = await t.addUser("o@example.com", "owner");
    expect((await t.call({ path: "/api/console/me", cookie: s.cookie })).headers.get("cache-control")).toBe("no-store");
  });
});
