// Every asset the executable serves goes over the wire precompressed (brotli or gzip made at build time),
// chosen by Accept-Encoding, with Vary, the right Content-Length, an ETag per encoding, and 304s.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startServer, type RunningServer } from "../helpers/server";
import { decode, wire } from "./wire";
import { roomyTimeouts } from "../helpers/timeouts";

roomyTimeouts();

let server: RunningServer;
beforeAll(async () => void (server = await startServer()), 180_000);
afterAll(() => server?.stop());

const ASSETS = [
  ["/widget.js", "application/javascript", "Woes"],
  ["/widget-messenger.js", "application/javascript", "adoptedStyleSheets"],
  ["/admin/console.js", "application/javascript", "fetch"],
  ["/admin/console.css", "text/css", "{"],
  ["/widget-locales/de.json", "application/json", "Neue Unterhaltung"],
] as const;

// name, Accept-Encoding sent, encoding expected on the wire (none: the plain text)
const ENCODINGS = [
  ["a browser (br and gzip)", "gzip, deflate, br, zstd", "br"],
  ["gzip only (plain-http Chromium)", "gzip, deflate", "gzip"],
  ["br refused with q=0", "br;q=0, gzip", "gzip"],
  ["any encoding (*)", "*", "br"],
  ["identity only", "identity", undefined],
  ["no Accept-Encoding", "", undefined],
  ["every encoding refused", "br;q=0, gzip;q=0", undefined],
] as const;

describe.each(ASSETS)("%s", (path, type, content) => {
  test.each(ENCODINGS)("%s: Accept-Encoding %p → %p", async (_, accept, expected) => {
    const plain = await wire(server.url, path, { "accept-encoding": "identity" });
    const w = await wire(server.url, path, accept ? { "accept-encoding": accept } : {});
    expect(w.status).toBe(200);
    expect(w.headers["content-type"]).toContain(type);
    expect(w.headers["content-encoding"]).toBe(expected);
    expect(w.headers.vary).toBe("Accept-Encoding");
    expect(Number(w.headers["content-length"])).toBe(w.bytes.length);
    expect(decode(w)).toBe(plain.bytes.toString());
    expect(decode(w)).toContain(content);
    if (expected) expect(w.bytes.length).toBeLessThan(plain.bytes.length * 0.6);
    // note: its own tag revalidates; a tag of another encoding's bytes does not.
    const again = await wire(server.url, path, { "accept-encoding": accept, "if-none-match": String(w.headers.etag) });
    expect(again.status).toBe(304);
    expect(again.bytes.length).toBe(0);
    expect(again.headers.vary).toBe("Accept-Encoding");
    if (expected) expect(plain.headers.etag).not.toBe(w.headers.etag);
    const other = await wire(server.url, path, { "accept-encoding": accept, "if-none-match": String(expected ? plain.headers.etag : '"x"') });
    expect(other.status).toBe(200);
  });
});

test("a weakened or listed ETag (as proxies send them) still revalidates", async () => {
  const w = await wire(server.url, "/widget.js", { "accept-encoding": "br" });
  const tag = String(w.headers.etag);
  expect((await wire(server.url, "/widget.js", { "accept-encoding": "br", "if-none-match": `W/${tag}` })).status).toBe(304);
  expect((await wire(server.url, "/widget.js", { "accept-encoding": "br", "if-none-match": `"other", ${tag}` })).status).toBe(304);
});
