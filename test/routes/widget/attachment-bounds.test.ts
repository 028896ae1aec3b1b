// Storage bounds of attachments: unsent bytes per visitor, uploads in flight per uploader and
// server-wide, and the sweep of unsent uploads in short writes.
import { expect, test } from "bun:test";
import { SWEEP_BATCH } from "../../../src/domain/attachments";
import { DownloadBudget } from "../../../src/domain/download-budget";
import { sleep } from "../../runtime/neutral";
import { as, conversationOf, count, expectError, makeWorld, visitor, withAddresses, type Visitor, type World } from "../../helpers/builders";

type Answer = { status: number; headers: Headers; json: any; text: string };

async function answer(res: Response | Promise<Response>): Promise<Answer> {
  const r = await res;
  const text = await r.text();
  return { status: r.status, headers: r.headers, text, json: text ? JSON.parse(text) : undefined };
}

/** form serializes a one-file upload into its content type and bytes. */
async function form(conversationId: string | undefined, size: number) {
  const f = new FormData();
  if (conversationId) f.append("conversationId", conversationId);
  f.append("file", new Blob([new Uint8Array(size).fill(120)], { type: "text/plain" }), "f.txt");
  const res = new Response(f);
  return { type: res.headers.get("content-type")!, bytes: new Uint8Array(await res.arrayBuffer()) };
}

/** upload posts a file of size bytes into v's conversation. */
async function upload(w: World, v: Visitor, conversationId: string, size: number) {
  const { type, bytes } = await form(conversationId, size);
  return answer(w.t.app.handle(new Request("http://localhost/api/widget/attachments", { method: "POST", headers: { "x-woes-key": v.key, authorization: `Bearer ${v.token}`, "content-type": type }, body: bytes })));
}

/** stalled starts an upload whose body (with its Content-Length when declared, else chunked) stops half-way until
 *  `finish` is called; it answers once finished (or given up). */
async function stalled(w: World, headers: Record<string, string>, path: string, conversationId?: string, declared = false) {
  const { type, bytes } = await form(conversationId, 1000);
  if (declared) headers = { ...headers, "content-length": String(bytes.length) };
  let finish!: () => void;
  const gate = new Promise<void>((resolve) => (finish = resolve));
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      controller.enqueue(bytes.subarray(0, 100));
      await gate;
      controller.enqueue(bytes.subarray(100));
      controller.close();
    },
  });
  const done = answer(w.t.app.handle(new Request(`http://localhost${path}`, { method: "POST", headers: { ...headers, "content-type": type }, body, duplex: "half" } as RequestInit)));
  await new Promise((r) => setTimeout(r, 20));
  return { finish, done };
}

const visitorHeaders = (v: Visitor) => ({ "x-woes-key": v.key, authorization: `Bearer ${v.token}` });

test("a visitor's unsent files are capped (5 files at the size cap): 413 in the contract shape; sending them frees the room", async () => {
  const w = await makeWorld({ config: { attachmentMaxMib: 1 } });
  const ids: string[] = [];
  for (let i = 0; i < 5; i++) {
    const r = await upload(w, w.a, w.convA, 1024 * 1024);
    expect(r.status).toBe(201);
    ids.push(r.json.attachment.id);
  }
  const over = await upload(w, w.a, w.convA, 10);
  expectError(over, 413, "unsent_files_too_large", "file");
  expect(over.json.error.message).toContain("5 MiB");
  expect(await count(w.t, "attachment")).toBe(5);
  // note: another visitor has its own room.
  expect((await upload(w, w.b, w.convB, 10)).status).toBe(201);
  const sent = await w.t.call(as(w.a, { path: "/api/widget/messages", body: { conversationId: w.convA, body: "files", attachments: ids } }));
  expect(sent.status).toBe(201);
  expect((await upload(w, w.a, w.convA, 10)).status).toBe(201);
});

test("a visitor has at most two uploads in flight: the third is 429 with Retry-After; another visitor is served; then the two finish", async () => {
  const w = await makeWorld();
  const one = await stalled(w, visitorHeaders(w.a), "/api/widget/attachments", w.convA);
  const two = await stalled(w, visitorHeaders(w.a), "/api/widget/attachments", w.convA);
  const third = await upload(w, w.a, w.convA, 10);
  expectError(third, 429, "uploads_busy");
  expect(third.headers.get("retry-after")).toBe("1");
  expect((await upload(w, w.b, w.convB, 10)).status).toBe(201);
  one.finish();
  two.finish();
  expect((await one.done).status).toBe(201);
  expect((await two.done).status).toBe(201);
  expect((await upload(w, w.a, w.convA, 10)).status).toBe(201);
});

test("uploads in flight server-wide are bounded by --attachment-max-mib (60 MiB files: 4 at once), operators' too", async () => {
  const w = await makeWorld({ config: { attachmentMaxMib: 60 } });
  const admin = { authorization: `Bearer ${w.t.adminToken}` };
  const held = [
    await stalled(w, visitorHeaders(w.a), "/api/widget/attachments", w.convA),
    await stalled(w, visitorHeaders(w.a), "/api/widget/attachments", w.convA),
    await stalled(w, visitorHeaders(w.b), "/api/widget/attachments", w.convB),
    await stalled(w, admin, `/api/admin/conversations/${w.convA}/attachments`),
  ];
  const busy = await upload(w, w.c, w.convC, 10);
  expectError(busy, 429, "uploads_busy");
  expect(busy.json.error.message).toContain("busy");
  for (const h of held) h.finish();
  for (const h of held) expect((await h.done).status).toBe(201);
  expect((await upload(w, w.c, w.convC, 10)).status).toBe(201);
});

test("one address has at most four uploads in flight, whoever its visitors are: the fifth is 429; another address is served", async () => {
  const w = await makeWorld();
  withAddresses(w.t);
  const from = (v: Visitor, address: string) => ({ ...visitorHeaders(v), "x-test-address": address });
  const held = [
    await stalled(w, from(w.a, "198.51.100.7"), "/api/widget/attachments", w.convA),
    await stalled(w, from(w.a, "198.51.100.7"), "/api/widget/attachments", w.convA),
    await stalled(w, from(w.b, "198.51.100.7"), "/api/widget/attachments", w.convB),
    await stalled(w, from(w.b, "198.51.100.7"), "/api/widget/attachments", w.convB),
  ];
  const fifth = await stalled(w, from(w.c, "198.51.100.7"), "/api/widget/attachments", w.convC);
  const refused = await fifth.done;
  expectError(refused, 429, "uploads_busy");
  expect(refused.json.error.message).toContain("from one address");
  const elsewhere = await stalled(w, from(w.c, "203.0.113.50"), "/api/widget/attachments", w.convC);
  for (const h of [...held, elsewhere]) h.finish();
  for (const h of [...held, elsewhere]) expect((await h.done).status).toBe(201);
});

test("one IPv6 /48 has at most eight uploads in flight, however many /64s it uses", async () => {
  const w = await makeWorld();
  withAddresses(w.t);
  const people: { v: Visitor; conv: string }[] = [];
  for (let i = 0; i < 5; i++) {
    const v = await visitor(w.t);
    people.push({ v, conv: await conversationOf(w.t, v, `Question ${i}`) });
  }
  const from = (i: number, address: string) => stalled(w, { ...visitorHeaders(people[i]!.v), "x-test-address": address }, "/api/widget/attachments", people[i]!.conv);
  const held = [];
  // note: four from each of two /64s of 2001:db8:7::/48, two per visitor.
  for (const [i, net] of [[0, "1"], [0, "1"], [1, "1"], [1, "1"], [2, "2"], [2, "2"], [3, "2"], [3, "2"]] as const) held.push(await from(i, `2001:db8:7:${net}::5`));
  const ninth = await from(4, "2001:db8:7:3::5");
  expectError(await ninth.done, 429, "uploads_busy");
  const elsewhere = await from(4, "2001:db8:8:1::5");
  for (const h of [...held, elsewhere]) h.finish();
  for (const h of [...held, elsewhere]) expect((await h.done).status).toBe(201);
});

test("an upload whose body has not arrived by its deadline, declared or chunked, is refused (400 upload_too_slow) and gives its slot back", async () => {
  const w = await makeWorld();
  // note: 300 ms of grace; the rate made so fast that even a chunked body's deadline (its size taken as the cap) is about that.
  Object.assign(w.t.ctx.attachments.slots, { graceMs: 300, minRate: 1024 ** 3 });
  const one = await stalled(w, visitorHeaders(w.a), "/api/widget/attachments", w.convA, true);
  const two = await stalled(w, visitorHeaders(w.a), "/api/widget/attachments", w.convA);
  expectError(await upload(w, w.a, w.convA, 10), 429, "uploads_busy");
  for (const late of [await one.done, await two.done]) expectError(late, 400, "upload_too_slow", "file");
  expect((await upload(w, w.a, w.convA, 10)).status).toBe(201);
});

test("downloads being read hold their bytes within a budget: one address at most a quarter (429 downloads_busy), another is served, reading frees", async () => {
  const w = await makeWorld();
  withAddresses(w.t);
  (w.t.ctx.attachments as { downloads: DownloadBudget }).downloads = new DownloadBudget(4 * 1024 * 1024);
  const url = new URL((await upload(w, w.a, w.convA, 600 * 1024)).json.attachment.url, "http://localhost").href;
  const get = (address: string) => w.t.app.handle(new Request(url, { headers: { "x-test-address": address } }));
  // note: an answer not read yet holds its 600 KiB; a second one would put the address past its 1 MiB.
  const first = await get("198.51.100.7");
  expect(first.status).toBe(200);
  const second = await answer(get("198.51.100.7"));
  expectError(second, 429, "downloads_busy");
  expect([second.headers.get("retry-after"), second.headers.get("content-security-policy")]).toEqual(["1", "default-src 'none'; sandbox"]);
  const other = await get("203.0.113.50");
  expect(other.status).toBe(200);
  expect((await first.arrayBuffer()).byteLength).toBe(600 * 1024);
  expect((await get("198.51.100.7")).status).toBe(200);
  // note: a download the client gives up on lets its bytes go: this address again holds a single one.
  await other.body!.cancel();
  expect((await get("203.0.113.50")).status).toBe(200);
  // note: one IPv6 /48 holds at most half, however many /64s it uses.
  const v6 = await Promise.all(["2001:db8:7:1::5", "2001:db8:7:2::5", "2001:db8:7:3::5"].map((a) => get(a)));
  expect(v6.map((r) => r.status)).toEqual([200, 200, 200]);
  expectError(await answer(get("2001:db8:7:4::5")), 429, "downloads_busy");
  expect((await get("2001:db8:8:1::5")).status).toBe(200);
});

test("a download not read by its deadline is cut, and its bytes let go", async () => {
  const w = await makeWorld();
  withAddresses(w.t);
  const budget = new DownloadBudget(1024 * 1024);
  budget.graceMs = 200;
  budget.minRate = 1024 * 1024;
  (w.t.ctx.attachments as { downloads: DownloadBudget }).downloads = budget;
  const url = new URL((await upload(w, w.a, w.convA, 400 * 1024)).json.attachment.url, "http://localhost").href;
  const get = () => w.t.app.handle(new Request(url, { headers: { "x-test-address": "198.51.100.7" } }));
  const stalled = await get();
  expectError(await answer(get()), 429, "downloads_busy");
  // note: 200 ms of grace plus 400 KiB at (here) 1 MiB/s.
  await sleep(200 + 400 + 300);
  expect((await get()).status).toBe(200);
  expect(await stalled.arrayBuffer().then(() => "read", () => "cut")).toBe("cut");
});

test("a file of one chunk (64 KiB) goes whole with its length and holds nothing of the budget", async () => {
  const w = await makeWorld();
  (w.t.ctx.attachments as { downloads: DownloadBudget }).downloads = new DownloadBudget(64 * 1024);
  const url = new URL((await upload(w, w.a, w.convA, 10 * 1024)).json.attachment.url, "http://localhost").href;
  const unread = await w.t.app.handle(new Request(url));
  const again = await w.t.app.handle(new Request(url));
  expect([unread.status, again.status, again.headers.get("content-length")]).toEqual([200, 200, String(10 * 1024)]);
  await unread.body!.cancel();
});

test("the sweep deletes old unsent uploads in short writes of at most SWEEP_BATCH rows, all of them in the end", async () => {
  const w = await makeWorld();
  const now = w.t.clock.now();
  const total = SWEEP_BATCH * 2 + 7;
  for (let i = 0; i < total; i++) await w.t.ctx.attachments.save({ workspaceId: w.t.ws.workspace.id, conversationId: w.convA, visitorId: w.a.id }, { name: "old.txt", type: "text/plain", bytes: new Uint8Array([1]) }, now);
  const store = w.t.store;
  const write = store.write.bind(store);
  const deleted: number[] = [];
  store.write = (async (fn: any) => {
    const before = await count(w.t, "attachment");
    const result = await write(fn);
    deleted.push(before - await count(w.t, "attachment"));
    return result;
  }) as typeof store.write;
  expect(await w.t.ctx.attachments.sweep(now + 86_400_000 + 1)).toBe(total);
  expect(await count(w.t, "attachment")).toBe(0);
  expect(await count(w.t, "attachment_blob")).toBe(0);
  expect(Math.max(...deleted)).toBeLessThanOrEqual(SWEEP_BATCH);
});
