// /install/<key> without --public-url is built from Host, so no cache may share it; the session answer carries a token: no-store.
import { expect, test } from "bun:test";
import { makeApp } from "../helpers/app";

const install = (t: Awaited<ReturnType<typeof makeApp>>, host: string, format = "") =>
  t.app.handle(new Request(`http://${host}/install/${t.ws.publicKey}${format}`));

test("without --public-url: the snippet follows Host, answered no-store and Vary: Host", async () => {
  const t = await makeApp();
  for (const format of ["", "?format=text"]) {
    const a = await install(t, "chat.example.com", format);
    const b = await install(t, "evil.example.net", format);
    expect(await a.text()).toContain("http://chat.example.com/widget.js");
    expect(await b.text()).toContain("http://evil.example.net/widget.js");
    for (const r of [a, b]) {
      expect(r.headers.get("cache-control")).toBe("no-store");
      expect(r.headers.get("vary")).toContain("Host");
    }
  }
});

test("with --public-url: every Host gets the configured origin", async () => {
  const t = await makeApp({ config: { publicUrl: "https://support.example.org" } });
  const r = await install(t, "evil.example.net", "?format=text");
  const text = await r.text();
  expect(text).toContain("https://support.example.org/widget.js");
  expect(text).not.toContain("evil.example.net");
});

test("the session answer, which carries the visitor token, is no-store", async () => {
  const t = await makeApp();
  const r = await t.session();
  expect(r.status).toBe(200);
  expect(r.headers.get("cache-control")).toBe("no-store");
});

test("a key in the path that is not valid percent-encoding is 404 on every page a key names, never a 500", async () => {
  const t = await makeApp();
  for (const path of ["/install/%ZZ", "/chat/%ZZ", "/admin/try/%ZZ", "/install/%E0%A4%A"]) {
    const r = await t.app.handle(new Request(`http://chat.example.com${path}`));
    expect([path, r.status, (await r.json()).error?.code]).toEqual([path, 404, "not_found"]);
  }
  expect(t.logs.filter((l) => l.includes("unexpected error"))).toEqual([]);
});
