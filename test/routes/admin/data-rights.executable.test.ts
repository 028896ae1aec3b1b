// Data rights through dist/woes: a contact's export holds everything about it, and its deletion leaves nothing of
// it in any table nor in the raw bytes of the database file (secure_delete, then the file closed and checkpointed).
import { afterAll, beforeAll, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hmacSha256Hex } from "../../../src/lib/crypto";
import { readFile } from "../../helpers/platform";
import { NO_LIMITS, startServer, type RunningServer } from "../../helpers/server";
import { startSmtp } from "../../helpers/smtp";
import { roomyTimeouts } from "../../helpers/timeouts";

roomyTimeouts();

let server: RunningServer;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
// note: our own folder, so the database file outlives the server for the byte scan.
const dir = mkdtempSync(join(tmpdir(), "woes-erase-"));
const ORIGIN = "http://shop.test";
const ZOE = { email: "zoe.erasable@visitor.test", name: "Zoe Erasable-Quill" };
const NEEDLES = [ZOE.email, ZOE.name, "ORDER-ZX4471-secret", "DEVICE2-QQ9911-text", "REPLY-TO-ZOE-8812", "NOTE-ABOUT-ZOE-3310", "CSAT-COMMENT-7781", "page-of-zoe-5521", "ATTACH-ZOE-9917", "zoe-attach-4411"];

beforeAll(async () => {
  smtp = await startSmtp();
  server = await startServer({ args: [...NO_LIMITS, "--smtp-url", smtp.url, "--mail-delay", "0"], dir });
});
afterAll(async () => {
  await server?.stop().catch(() => {});
  await smtp?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const widget = (path: string, body: unknown, token?: string) =>
  fetch(`${server.url}/api/widget/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-woes-key": server.publicKey, origin: ORIGIN, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  }).then(async (r) => ({ status: r.status, json: (await r.json().catch(() => null)) as any }));
const admin = (method: string, path: string, body?: unknown) =>
  fetch(`${server.url}/api/admin/${path}`, { method, headers: { "content-type": "application/json", authorization: `Bearer ${server.adminToken}` }, body: body === undefined ? undefined : JSON.stringify(body) }).then(async (r) => ({
    status: r.status,
    text: await r.text(),
  }));

test("export answers a contact's data as JSON; deletion erases it from every table and from the file's bytes", async () => {
  const identity = { ...ZOE, email_hash: await hmacSha256Hex(server.identitySecret, ZOE.email) };
  const page = { url: `${ORIGIN}/page-of-zoe-5521` };
  const one = await widget("session", { identity, page });
  const two = await widget("session", { identity });
  expect(one.json.visitor.verified).toBe(true);
  const first = await widget("messages", { body: "ORDER-ZX4471-secret" }, one.json.visitor.token);
  const conversationId = first.json.conversation.id;
  await widget("messages", { body: "DEVICE2-QQ9911-text" }, two.json.visitor.token);
  const form = new FormData();
  form.append("conversationId", conversationId);
  form.append("file", new Blob(["ATTACH-ZOE-9917 in the file's bytes"], { type: "text/plain" }), "zoe-attach-4411.txt");
  const upload = await fetch(`${server.url}/api/widget/attachments`, { method: "POST", headers: { "x-woes-key": server.publicKey, origin: ORIGIN, authorization: `Bearer ${one.json.visitor.token}` }, body: form });
  expect(upload.status).toBe(201);
  const attachment = ((await upload.json()) as any).attachment;
  expect((await widget("messages", { conversationId, body: "my file", attachments: [attachment.id] }, one.json.visitor.token)).status).toBe(201);
  await widget("events", { events: [{ type: "widget_open", page }, { type: "conversation_start", conversationId, page }] }, one.json.visitor.token);
  await widget("presence", { state: "offline", page }, one.json.visitor.token);
  expect((await admin("POST", `conversations/${conversationId}/messages`, { body: "REPLY-TO-ZOE-8812" })).status).toBe(201);
  expect((await admin("POST", `conversations/${conversationId}/messages`, { body: "NOTE-ABOUT-ZOE-3310", internal: true })).status).toBe(201);
  await smtp.waitFor((m) => m.to.includes(ZOE.email));
  expect((await admin("POST", `conversations/${conversationId}/close`)).status).toBe(200);
  await admin("PATCH", `workspaces/${server.workspaceId}`, { settings: { survey: "csat" } });
  expect((await widget("csat", { conversationId, kind: "csat", score: 5, comment: "CSAT-COMMENT-7781" }, one.json.visitor.token)).status).toBeLessThan(300);
  // someone else, who must stay
  const keep = await widget("session", { identity: { email: "keep@visitor.test" } });
  await widget("messages", { body: "KEEP-ME-5555" }, keep.json.visitor.token);

  const contactId = (await readFile<{ id: string }>(server.db, `SELECT id FROM contact`))[0]!.id;
  const exported = await admin("GET", `contacts/${contactId}/export`);
  expect(exported.status).toBe(200);
  const data = JSON.parse(exported.text);
  expect(data.contact).toMatchObject({ id: contactId, email: ZOE.email });
  expect(data.visitors.map((v: any) => v.name)).toContain(ZOE.name);
  expect(data.visitors.map((v: any) => v.id).sort()).toEqual([one.json.visitor.id, two.json.visitor.id].sort());
  const bodies = data.conversations.flatMap((c: any) => c.messages.map((m: any) => m.body));
  expect(bodies).toEqual(expect.arrayContaining(["ORDER-ZX4471-secret", "DEVICE2-QQ9911-text", "REPLY-TO-ZOE-8812"]));
  expect(data.events.map((e: any) => e.type)).toEqual(expect.arrayContaining(["widget_open", "conversation_start"]));
  expect(data.attachments).toEqual([expect.objectContaining({ id: attachment.id, conversationId, name: "zoe-attach-4411.txt", sent: true, data: btoa("ATTACH-ZOE-9917 in the file's bytes") })]);
  expect(data.surveys).toEqual([expect.objectContaining({ score: 5, comment: "CSAT-COMMENT-7781" })]);
  expect(exported.text).not.toContain("KEEP-ME-5555");
  expect(exported.text).not.toContain("token_hash");

  for (const [method, path, status] of [
    ["DELETE", `visitors/${one.json.visitor.id}`, 409],
    ["DELETE", "contacts/ct_nope", 404],
    ["GET", "contacts/ct_nope/export", 404],
  ] as const) expect([path, (await admin(method, path)).status]).toEqual([path, status]);

  expect((await admin("DELETE", `contacts/${contactId}`)).status).toBe(204);
  expect((await admin("DELETE", `contacts/${contactId}`)).status).toBe(404);
  expect((await admin("GET", `contacts/${contactId}/export`)).status).toBe(404);
  expect((await widget("session", {}, one.json.visitor.token)).json.visitor.id).not.toBe(one.json.visitor.id);
  // the anonymous visitor goes through its own route
  const anon = await widget("session", {});
  await widget("messages", { body: "ANON-ERASE-6262" }, anon.json.visitor.token);
  expect((await admin("DELETE", `visitors/${anon.json.visitor.id}`)).status).toBe(204);

  await server.stop();
  const tables = (await readFile<{ name: string }>(server.db, `SELECT name FROM sqlite_master WHERE type = 'table'`)).map((t) => t.name);
  expect(tables.length).toBeGreaterThan(15);
  for (const table of tables) {
    const rows = JSON.stringify(await readFile(server.db, `SELECT * FROM "${table}"`));
    for (const needle of [...NEEDLES, "ANON-ERASE-6262", one.json.visitor.id, conversationId, contactId]) expect([table, needle, rows.includes(needle)]).toEqual([table, needle, false]);
  }
  expect(JSON.stringify(await readFile(server.db, `SELECT body FROM message`))).toContain("KEEP-ME-5555");
  expect((await readFile<{ n: number }>(server.db, `SELECT count(*) AS n FROM attachment_blob`))[0]!.n).toBe(0);
  const bytes = [server.db, `${server.db}-wal`].filter(existsSync).map((f) => readFileSync(f).toString("latin1")).join("");
  // note: the search index keeps words, not whole messages: a message's rarest words must be gone from its pages too.
  for (const needle of [...NEEDLES, "ANON-ERASE-6262", "zx4471", "qq9911"]) expect([needle, bytes.includes(needle)]).toEqual([needle, false]);
  expect(bytes).toContain("KEEP-ME-5555");
}, 60_000);
