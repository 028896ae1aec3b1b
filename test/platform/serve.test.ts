// The platform's listener on a real port, under whichever runtime runs the suite: the client address from the
// connection (or X-Forwarded-For when trusted), and the runtime's 64 MiB backstop on declared and chunked bodies
// (the app's own, smaller caps answer first; this is the last line).
import { afterAll, beforeAll, expect, test } from "bun:test";
import { request as httpRequest } from "node:http";
import { Elysia } from "elysia";
import { defaultConfig } from "../../src/config";
import type { Server } from "../../src/platform/platform";
import { platform } from "../helpers/platform";
import { freePort, runtime } from "../runtime/neutral";

const CAP = 64 * 1024 * 1024;

const servers: Server[] = [];
let url = "";
let trusted = "";

async function listen(trustProxy: boolean) {
  const config = { ...defaultConfig(), host: "127.0.0.1", port: await freePort(), trustProxy };
  const listener = platform.listener(config);
  const app = new Elysia().all("/echo", async ({ request }) => ({ address: listener.clientAddress(request), bytes: (await request.arrayBuffer()).byteLength }));
  servers.push(listener.listen(app));
  return { url: `http://127.0.0.1:${config.port}`, config };
}

beforeAll(async () => {
  url = (await listen(false)).url;
  trusted = (await listen(true)).url;
});
afterAll(async () => {
  for (const s of servers) await s.stop(true);
});

/** chunked posts size bytes without a Content-Length (Transfer-Encoding: chunked) and answers the status. */
const chunked = (base: string, size: number) =>
  new Promise<number>((resolve, reject) => {
    const req = httpRequest(`${base}/echo`, { method: "POST", headers: { "transfer-encoding": "chunked" } }, (res) => {
      res.resume();
      resolve(res.statusCode!);
    });
    req.on("error", reject);
    for (let sent = 0; sent < size; sent += 64 * 1024) req.write(Buffer.alloc(Math.min(64 * 1024, size - sent)));
    req.end();
  });

test("the client address is the connection's; X-Forwarded-For counts only when the proxy is trusted", async () => {
  const headers = { "x-forwarded-for": "203.0.113.9" };
  expect(await (await fetch(`${url}/echo`, { headers })).json()).toEqual({ address: "127.0.0.1", bytes: 0 });
  expect(await (await fetch(`${trusted}/echo`, { headers })).json()).toEqual({ address: "203.0.113.9", bytes: 0 });
});

test("a body goes through whole; over 64 MiB, declared or chunked, it is a 413", async () => {
  const ok = await fetch(`${url}/echo`, { method: "POST", body: new Uint8Array(2 * 1024 * 1024) });
  expect(await ok.json()).toMatchObject({ bytes: 2 * 1024 * 1024 });
  expect((await fetch(`${url}/echo`, { method: "POST", body: new Uint8Array(CAP + 1) })).status).toBe(413);
  expect(await chunked(url, 512 * 1024)).toBe(200);
  expect(await chunked(url, CAP + 64 * 1024)).toBe(413);
});

test.if(runtime === "deno")("Deno: an over-cap body answers the contract's error JSON, and a busy port is refused by name", async () => {
  const res = await fetch(`${url}/echo`, { method: "POST", body: new Uint8Array(CAP + 1) });
  expect(await res.json()).toEqual({ error: { code: "body_too_large", message: "The request body is too large." } });
  const port = Number(new URL(url).port);
  const busy = platform.listener({ ...defaultConfig(), host: "127.0.0.1", port });
  expect(() => busy.listen(new Elysia())).toThrow(`port ${port} is already in use`);
});
