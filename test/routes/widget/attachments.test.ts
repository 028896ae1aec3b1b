// Attachments: upload (widget and operator), sending them with a message, and who may read them how (CONTRACT §9b).
import { describe, expect, test } from "bun:test";
import { sql } from "drizzle-orm";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createAdminToken } from "../../../src/domain/workspaces";
import { as, count, expectError, makeWorld, send, type Visitor, type World } from "../../helpers/builders";
import { ENGINE } from "../../helpers/app";
import { readFile } from "../../helpers/platform";

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 1, 2, 3, 4]);
const text = (s: string) => new TextEncoder().encode(s);
type File = { name: string; type: string; bytes: Uint8Array };
const png: File = { name: "screenshot.png", type: "image/png", bytes: PNG };
const html: File = { name: "invoice.png", type: "image/png", bytes: text("<html><script>window.__pwned=1</script></html>") };
const svg: File = { name: "logo.svg", type: "image/svg+xml", bytes: text('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>') };

/** Result is one answer, read as text and JSON. */
type Result = { status: number; headers: Headers; text: string; json: any };

async function handle(w: World, request: Request): Promise<Result> {
  const res = await w.t.app.handle(request);
  const body = await res.text();
  let json: any;
  try {
    json = JSON.parse(body);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text: body, json };
}

/** upload posts a multipart upload as visitor v (null: no visitor token). */
function upload(w: World, v: Visitor | null, fields: { conversationId?: string; file?: File }) {
  const form = new FormData();
  if (fields.conversationId) form.append("conversationId", fields.conversationId);
  if (fields.file) form.append("file", new Blob([fields.file.bytes as Uint8Array<ArrayBuffer>], { type: fields.file.type }), fields.file.name);
  const headers: Record<string, string> = { "x-woes-key": (v ?? w.a).key };
  if (v) headers.authorization = `Bearer ${v.token}`;
  return handle(w, new Request("http://localhost/api/widget/attachments", { method: "POST", headers, body: form }));
}

/** operatorUpload posts a file into a conversation with an admin token. */
function operatorUpload(w: World, conversationId: string, file: File, token = w.t.adminToken) {
  const form = new FormData();
  form.append("file", new Blob([file.bytes as Uint8Array<ArrayBuffer>], { type: file.type }), file.name);
  return handle(w, new Request(`http://localhost/api/admin/conversations/${conversationId}/attachments`, { method: "POST", headers: { authorization: `Bearer ${token}` }, body: form }));
}

/** get reads an attachment url (path and query) with the given headers. */
const get = (w: World, url: string, headers: Record<string, string> = {}) => handle(w, new Request(`http://localhost${url}`, { headers }));
const visitorHeaders = (v: Visitor) => ({ "x-woes-key": v.key, authorization: `Bearer ${v.token}` });

/** uploaded uploads a file into Ada's conversation and returns the attachment. */
async function uploaded(w: World, file: File = png) {
  const r = await upload(w, w.a, { conversationId: w.convA, file });
  expect(r.status).toBe(201);
  return r.json.attachment as { id: string; name: string; contentType: string; size: number; url: string };
}

interface Row {
  name: string;
  world?: Parameters<typeof makeWorld>[0];
  request: (w: World) => Promise<Result>;
  status: number;
  code?: string;
  expectedContent?: string[];
  notExpectedContent?: string[];
  check?: (r: Result, w: World) => void | Promise<void>;
}

function rows(list: Row[]) {
  for (const row of list) {
    test(row.name, async () => {
      const w = await makeWorld(row.world);
      const r = await row.request(w);
      if (r.status !== row.status) throw new Error(`expected ${row.status}, got ${r.status}: ${r.text.slice(0, 300)}`);
      if (r.status >= 400 && r.json) expectError(r, row.status, row.code);
      for (const s of row.expectedContent ?? []) expect(r.text).toContain(s);
      for (const s of row.notExpectedContent ?? []) expect(r.text).not.toContain(s);
      await row.check?.(r, w);
    });
  }
}

describe("POST /api/widget/attachments", () => {
  rows([
    {
      name: "a PNG into the visitor's conversation: 201 with a signed url, stored unsent",
      request: (w) => upload(w, w.a, { conversationId: w.convA, file: png }),
      status: 201,
      expectedContent: ['"contentType":"image/png"', '"name":"screenshot.png"', `"size":${PNG.length}`, "signature="],
      check: async (r, w) => {
        expect(Object.keys(r.json.attachment).sort()).toEqual(["contentType", "id", "name", "size", "url"]);
        expect(await count(w.t, "attachment", "message_seq IS NULL")).toBe(1);
        expect(await count(w.t, "attachment_blob")).toBe(1);
      },
    },
    { name: "an HTML file named .png is recorded as application/octet-stream, not as an image", request: (w) => upload(w, w.a, { conversationId: w.convA, file: html }), status: 201, expectedContent: ['"contentType":"application/octet-stream"'] },
    {
      name: "a file name with =, ; and non-ASCII is kept as sent (on either runtime's multipart parser)",
      request: (w) => upload(w, w.a, { conversationId: w.convA, file: { name: "report=final; v2 ünï.txt", type: "text/plain", bytes: text("x") } }),
      status: 201,
      expectedContent: ['"name":"report=final; v2 ünï.txt"'],
    },
    { name: "an SVG is never recorded as an image", request: (w) => upload(w, w.a, { conversationId: w.convA, file: svg }), status: 201, notExpectedContent: ["image/svg"] },
    {
      name: "a file over --attachment-max-mib: 413 in the contract shape, nothing stored",
      world: { config: { attachmentMaxMib: 1 } },
      request: (w) => upload(w, w.a, { conversationId: w.convA, file: { name: "big.bin", type: "application/octet-stream", bytes: new Uint8Array(1024 * 1024 + 1) } }),
      status: 413,
      code: "file_too_large",
      expectedContent: ["1 MiB"],
      check: async (_r, w) => expect(await count(w.t, "attachment")).toBe(0),
    },
    { name: "a file of exactly the limit: 201", world: { config: { attachmentMaxMib: 1 } }, request: (w) => upload(w, w.a, { conversationId: w.convA, file: { name: "edge.bin", type: "", bytes: new Uint8Array(1024 * 1024) } }), status: 201 },
    { name: "another visitor's conversation: 404, nothing stored", request: (w) => upload(w, w.a, { conversationId: w.convB, file: png }), status: 404, code: "conversation_not_found", notExpectedContent: ["BOB_PRIVATE_QUESTION"], check: async (_r, w) => expect(await count(w.t, "attachment")).toBe(0) },
    { name: "another workspace's conversation: 404", request: (w) => upload(w, w.a, { conversationId: w.convC, file: png }), status: 404, code: "conversation_not_found" },
    { name: "no file: 422 naming file", request: (w) => upload(w, w.a, { conversationId: w.convA }), status: 422, check: (r) => expect(r.json.error.field).toBe("file") },
    { name: "an empty file: 422 naming file", request: (w) => upload(w, w.a, { conversationId: w.convA, file: { name: "e.txt", type: "text/plain", bytes: new Uint8Array() } }), status: 422, check: (r) => expect(r.json.error.field).toBe("file") },
    { name: "no conversationId: 422 naming it", request: (w) => upload(w, w.a, { file: png }), status: 422, check: (r) => expect(r.json.error.field).toBe("conversationId") },
    { name: "no visitor token: 401", request: (w) => upload(w, null, { conversationId: w.convA, file: png }), status: 401, code: "visitor_unauthorized" },
    {
      name: "JSON instead of multipart: 415",
      request: (w) => handle(w, new Request("http://localhost/api/widget/attachments", { method: "POST", headers: { ...visitorHeaders(w.a), "content-type": "application/json" }, body: "{}" })),
      status: 415,
    },
    {
      name: "over the per-visitor upload limit: 429 with Retry-After",
      world: { config: { limits: { attachments: 2 } } },
      request: async (w) => {
        for (let i = 0; i < 2; i++) expect((await upload(w, w.a, { conversationId: w.convA, file: png })).status).toBe(201);
        return upload(w, w.a, { conversationId: w.convA, file: png });
      },
      status: 429,
      code: "rate_limited",
      check: (r) => expect(r.headers.get("retry-after")).toMatch(/^\d+$/),
    },
  ]);
});

/** rawUpload posts a hand-made multipart body: the conversation, a field `note`, then a text file named name. */
function rawUpload(w: World, note: string, name: string) {
  const b = "woesBoundary7MA4YWxk";
  const body = [`--${b}\r\nContent-Disposition: form-data; name="conversationId"\r\n\r\n${w.convA}`, `--${b}\r\nContent-Disposition: form-data; name="note"\r\n\r\n${note}`, `--${b}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: text/plain\r\n\r\nhello`, `--${b}--\r\n`].join("\r\n");
  const headers = { ...visitorHeaders(w.a), "content-type": `multipart/form-data; boundary=${b}` };
  return handle(w, new Request("http://localhost/api/widget/attachments", { method: "POST", headers, body: new TextEncoder().encode(body) }));
}

test("a 64 KiB field of repeated content-disposition text answers within a second, a concurrent health check too, and the file keeps its name", async () => {
  const w = await makeWorld();
  // note: this field once made the file-name regex backtrack for minutes, stalling every request.
  const hostile = 'content-disposition:;name="file"'.repeat(2048);
  const started = performance.now();
  const [r, health] = await Promise.all([rawUpload(w, hostile, "a=b; c.txt"), handle(w, new Request("http://localhost/healthz"))]);
  expect(performance.now() - started).toBeLessThan(1000);
  expect(health.status).toBe(200);
  expect(r.status).toBe(201);
  expect(r.json.attachment.name).toBe("a=b; c.txt");
});

describe("sending attachments with a message", () => {
  rows([
    {
      name: "the visitor's own unsent upload: the message carries it, with its unsigned url; history shows it",
      request: async (w) => {
        const att = await uploaded(w);
        const r = await w.t.call(as(w.a, { path: "/api/widget/messages", body: { conversationId: w.convA, body: "see this", attachments: [att.id] } }));
        const history = await w.t.call(as(w.a, { path: `/api/widget/messages?conversation=${w.convA}` }));
        expect(history.text).toContain(`"attachments":[{"id":"${att.id}","name":"screenshot.png","contentType":"image/png","size":${PNG.length},"url":"/api/widget/attachments/${att.id}"}]`);
        return { ...r, json: r.json };
      },
      status: 201,
      expectedContent: ['"attachments":[{', "/api/widget/attachments/att_"],
      notExpectedContent: ["signature=", "message_seq", "visitor_id"],
      check: async (_r, w) => expect(await count(w.t, "attachment", "message_seq IS NULL")).toBe(0),
    },
    {
      name: "files alone (an empty text) make a message",
      request: async (w) => w.t.call(as(w.a, { path: "/api/widget/messages", body: { conversationId: w.convA, body: "  ", attachments: [(await uploaded(w)).id] } })),
      status: 201,
      expectedContent: ['"body":""', '"attachments"'],
    },
    {
      name: "someone else's attachment: 422, the message is not stored",
      request: async (w) => {
        const bobs = await upload(w, w.b, { conversationId: w.convB, file: png });
        return w.t.call(as(w.a, { path: "/api/widget/messages", body: { conversationId: w.convA, body: "THEFT", attachments: [bobs.json.attachment.id] } }));
      },
      status: 422,
      code: "attachment_not_found",
      check: async (r, w) => {
        expect(r.json.error.field).toBe("attachments");
        expect(await count(w.t, "message", "body = 'THEFT'")).toBe(0);
      },
    },
    {
      name: "an upload into another of the visitor's conversations: 422",
      request: async (w) => {
        const att = await uploaded(w);
        const other = await send(w.t, w.a, "a second conversation");
        return w.t.call(as(w.a, { path: "/api/widget/messages", body: { conversationId: other.json.conversation.id, body: "x", attachments: [att.id] } }));
      },
      status: 422,
      code: "attachment_wrong_conversation",
    },
    {
      name: "attachments on a message that starts a conversation: 422",
      request: async (w) => w.t.call(as(w.a, { path: "/api/widget/messages", body: { body: "x", attachments: [(await uploaded(w)).id] } })),
      status: 422,
      code: "attachment_wrong_conversation",
    },
    {
      name: "an attachment already sent: 409",
      request: async (w) => {
        const att = await uploaded(w);
        await w.t.call(as(w.a, { path: "/api/widget/messages", body: { conversationId: w.convA, body: "once", attachments: [att.id] } }));
        return w.t.call(as(w.a, { path: "/api/widget/messages", body: { conversationId: w.convA, body: "twice", attachments: [att.id] } }));
      },
      status: 409,
      code: "attachment_already_sent",
    },
    { name: "an unknown attachment id: 422", request: (w) => w.t.call(as(w.a, { path: "/api/widget/messages", body: { conversationId: w.convA, body: "x", attachments: ["att_nope"] } })), status: 422, code: "attachment_not_found" },
    { name: "eleven attachments: 422", request: (w) => w.t.call(as(w.a, { path: "/api/widget/messages", body: { conversationId: w.convA, body: "x", attachments: Array.from({ length: 11 }, (_, i) => `att_${i}`) } })), status: 422 },
    {
      name: "an operator uploads and replies with the file; the visitor's history shows it",
      request: async (w) => {
        const up = await operatorUpload(w, w.convA, { name: "résumé final.pdf", type: "application/pdf", bytes: text("%PDF-1.4") });
        expect(up.status).toBe(201);
        const reply = await w.t.admin({ path: `/api/admin/conversations/${w.convA}/messages`, body: { body: "here you go", attachments: [up.json.attachment.id] } });
        expect(reply.status).toBe(201);
        expect(reply.json.message.attachments[0]).toMatchObject({ id: up.json.attachment.id, contentType: "application/pdf" });
        return w.t.call(as(w.a, { path: `/api/widget/messages?conversation=${w.convA}` }));
      },
      status: 200,
      expectedContent: ['"name":"résumé final.pdf"', '"contentType":"application/pdf"'],
    },
    {
      name: "an operator's reply with a bad attachment id in an agent's conversation: 422, and the agent keeps it (no handoff, no system message)",
      request: async (w) => {
        await w.t.store.db.run(sql`UPDATE conversation SET handler = 'agent' WHERE id = ${w.convA}`);
        const before = await count(w.t, "message", `conversation_id = '${w.convA}'`);
        const r = await w.t.admin({ path: `/api/admin/conversations/${w.convA}/messages`, body: { body: "HALF_WRITTEN", attachments: ["att_nope"] } });
        expect(await count(w.t, "message", `conversation_id = '${w.convA}'`)).toBe(before);
        return r;
      },
      status: 422,
      code: "attachment_not_found",
      check: async (_r, w) => {
        expect(await count(w.t, "conversation", `id = '${w.convA}' AND handler = 'agent' AND NOT waiting_for_team`)).toBe(1);
        expect(await count(w.t, "message", "author_kind = 'system'")).toBe(0);
      },
    },
    {
      name: "an operator token of another workspace: its upload into this conversation is 404",
      request: async (w) => operatorUpload(w, w.convA, png, (await createAdminToken(w.t.store, { name: "globex", workspaceIds: [w.other.workspace.id] }, w.t.clock.now())).token),
      status: 404,
      code: "conversation_not_found",
    },
  ]);
});

describe("GET an attachment", () => {
  const safe = (r: Result) => {
    expect(r.headers.get("x-content-type-options")).toBe("nosniff");
    expect(r.headers.get("content-security-policy")).toBe("default-src 'none'; sandbox");
    // note: a signed link may be kept until it expires (15 minutes); an answer to credentials, or a refusal, never.
    expect(r.headers.get("cache-control")).toMatch(/^private, (no-store|max-age=\d+)$/);
  };
  const refused = (r: Result) => {
    safe(r);
    expect(r.json.error.code).toBe("attachment_not_found");
  };
  rows([
    {
      name: "a signed url: the PNG as itself, inline",
      request: async (w) => get(w, (await uploaded(w)).url),
      status: 200,
      check: (r) => {
        safe(r);
        expect(r.headers.get("content-type")).toBe("image/png");
        expect(r.headers.get("content-disposition")).toStartWith("inline;");
        expect(r.headers.get("content-length")).toBe(String(PNG.length));
      },
    },
    {
      name: "an HTML file named .png: octet-stream, as a download",
      request: async (w) => get(w, (await uploaded(w, html)).url),
      status: 200,
      check: (r) => {
        safe(r);
        expect(r.headers.get("content-type")).toBe("application/octet-stream");
        expect(r.headers.get("content-disposition")).toBe(`attachment; filename="invoice.png"; filename*=UTF-8''invoice.png`);
      },
    },
    {
      name: "an SVG: octet-stream, as a download",
      request: async (w) => get(w, (await uploaded(w, svg)).url),
      status: 200,
      check: (r) => {
        expect(r.headers.get("content-type")).toBe("application/octet-stream");
        expect(r.headers.get("content-disposition")).toStartWith("attachment;");
      },
    },
    {
      name: "a name with quotes, control characters and non-ASCII is encoded safely (RFC 5987)",
      request: async (w) => {
        const att = await uploaded(w, { name: "x", type: "text/plain", bytes: text("hi") });
        // note: a browser's form escapes quotes and line breaks in a file name, so the stored name is set here as a hostile client could send it.
        await w.t.store.db.run(sql`UPDATE attachment SET name = ${'a"b\\c\r\nX-Evil: 1 ünï;.txt'} WHERE id = ${att.id}`);
        return get(w, att.url);
      },
      status: 200,
      check: (r) => {
        const header = r.headers.get("content-disposition")!;
        expect(header).toBe(`attachment; filename="a_b_c__X-Evil: 1 _n_;.txt"; filename*=UTF-8''a%22b%5Cc%0D%0AX-Evil%3A%201%20%C3%BCn%C3%AF%3B.txt`);
        expect(decodeURIComponent(header.split("''")[1]!)).toBe('a"b\\c\r\nX-Evil: 1 ünï;.txt');
      },
    },
    {
      name: "a signed url: an ETag and a lifetime ending with the link; a repeat with that ETag is 304 without the bytes",
      request: async (w) => {
        const att = await uploaded(w);
        const first = await get(w, att.url);
        expect(first.headers.get("cache-control")).toBe("private, max-age=900");
        expect(first.headers.get("etag")).toBe(`"${att.id}"`);
        w.t.clock.advance(60_000);
        return get(w, att.url, { "if-none-match": first.headers.get("etag")! });
      },
      status: 304,
      check: (r, w) => {
        safe(r);
        expect(r.text).toBe("");
        expect(r.headers.get("cache-control")).toBe("private, max-age=840");
      },
    },
    {
      name: "the visitor's own credentials: never stored by the browser (no-store), a repeat with the ETag is 304",
      request: async (w) => {
        const att = await uploaded(w);
        const first = await get(w, `/api/widget/attachments/${att.id}`, visitorHeaders(w.a));
        expect(first.status).toBe(200);
        expect(first.headers.get("cache-control")).toBe("private, no-store");
        return get(w, `/api/widget/attachments/${att.id}`, { ...visitorHeaders(w.a), "if-none-match": `W/"other", ${first.headers.get("etag")}` });
      },
      status: 304,
      check: (r) => expect(r.headers.get("cache-control")).toBe("private, no-store"),
    },
    {
      name: "a matching ETag from a caller who may not see the file: 404, never 304",
      request: async (w) => {
        const att = await uploaded(w);
        return get(w, `/api/widget/attachments/${att.id}`, { ...visitorHeaders(w.b), "if-none-match": `"${att.id}"` });
      },
      status: 404,
      check: refused,
    },
    { name: "a bad signature: 404", request: async (w) => get(w, (await uploaded(w)).url.replace(/signature=(.)/, (_, c) => `signature=${c === "0" ? "1" : "0"}`)), status: 404, check: refused },
    {
      name: "an expired signature: 404",
      request: async (w) => {
        const att = await uploaded(w);
        w.t.clock.advance(15 * 60_000 + 1);
        return get(w, att.url);
      },
      status: 404,
      check: refused,
    },
    { name: "a signature moved to a later expiry: 404", request: async (w) => get(w, (await uploaded(w)).url.replace(/expires=(\d+)/, (_, n) => `expires=${Number(n) + 1}`)), status: 404, check: refused },
    {
      name: "another attachment's signature: 404",
      request: async (w) => {
        const one = await uploaded(w);
        const two = await uploaded(w);
        return get(w, one.url.replace(one.id, two.id));
      },
      status: 404,
      check: refused,
    },
    { name: "no credentials: 404", request: async (w) => get(w, `/api/widget/attachments/${(await uploaded(w)).id}`), status: 404, check: refused },
    { name: "the conversation's visitor (key and token): 200", request: async (w) => get(w, `/api/widget/attachments/${(await uploaded(w)).id}`, visitorHeaders(w.a)), status: 200, check: safe },
    {
      name: "the visitor, for a file on an internal note: 404",
      request: async (w) => {
        const up = await operatorUpload(w, w.convA, png);
        await w.t.admin({ path: `/api/admin/conversations/${w.convA}/messages`, body: { body: "note", internal: true, attachments: [up.json.attachment.id] } });
        expect((await get(w, `/api/widget/attachments/${up.json.attachment.id}`, { authorization: `Bearer ${w.t.adminToken}` })).status).toBe(200);
        return get(w, `/api/widget/attachments/${up.json.attachment.id}`, visitorHeaders(w.a));
      },
      status: 404,
      check: refused,
    },
    {
      name: "the visitor, for an operator's file not sent yet: 404",
      request: async (w) => get(w, `/api/widget/attachments/${(await operatorUpload(w, w.convA, png)).json.attachment.id}`, visitorHeaders(w.a)),
      status: 404,
      check: refused,
    },
    {
      name: "the visitor, for an operator's file sent in a reply: 200",
      request: async (w) => {
        const up = await operatorUpload(w, w.convA, png);
        await w.t.admin({ path: `/api/admin/conversations/${w.convA}/messages`, body: { body: "here", attachments: [up.json.attachment.id] } });
        return get(w, `/api/widget/attachments/${up.json.attachment.id}`, visitorHeaders(w.a));
      },
      status: 200,
      check: safe,
    },
    { name: "another visitor of the workspace: 404", request: async (w) => get(w, `/api/widget/attachments/${(await uploaded(w)).id}`, visitorHeaders(w.b)), status: 404, check: refused },
    { name: "a visitor of another workspace: 404", request: async (w) => get(w, `/api/widget/attachments/${(await uploaded(w)).id}`, visitorHeaders(w.c)), status: 404, check: refused },
    { name: "an operator's admin token: 200", request: async (w) => get(w, `/api/widget/attachments/${(await uploaded(w)).id}`, { authorization: `Bearer ${w.t.adminToken}` }), status: 200, check: safe },
    {
      name: "an admin token of another workspace: 404",
      request: async (w) => {
        const att = await uploaded(w);
        const token = (await createAdminToken(w.t.store, { name: "globex", workspaceIds: [w.other.workspace.id] }, w.t.clock.now())).token;
        return get(w, `/api/widget/attachments/${att.id}`, { authorization: `Bearer ${token}` });
      },
      status: 404,
      check: refused,
    },
    { name: "an unknown attachment with an admin token: 404", request: (w) => get(w, "/api/widget/attachments/att_nope", { authorization: `Bearer ${w.t.adminToken}` }), status: 404, check: refused },
  ]);
});

test("unsent uploads older than a day are swept; sent ones stay", async () => {
  const w = await makeWorld();
  const unsent = await uploaded(w);
  const sent = await uploaded(w);
  await w.t.call(as(w.a, { path: "/api/widget/messages", body: { conversationId: w.convA, body: "kept", attachments: [sent.id] } }));
  expect(await w.t.ctx.attachments.sweep(w.t.clock.now() + 86_400_000 - 1)).toBe(0);
  expect(await w.t.ctx.attachments.sweep(w.t.clock.now() + 86_400_000 + 1)).toBe(1);
  expect(await w.t.ctx.attachments.row(unsent.id)).toBeUndefined();
  expect(await count(w.t, "attachment_blob")).toBe(1);
  expect((await get(w, `/api/widget/attachments/${sent.id}`, visitorHeaders(w.a))).status).toBe(200);
});

test("woes backup carries the attachments: the copy holds the bytes (on Postgres, backup points to pg_dump)", async () => {
  const dir = mkdtempSync(join(tmpdir(), "woes-att-backup-"));
  try {
    const w = await makeWorld();
    const att = await uploaded(w);
    const copy = join(dir, "copy.db");
    if (ENGINE === "postgres") return void (await expect(w.t.store.backup(copy)).rejects.toThrow("pg_dump"));
    await w.t.store.backup(copy);
    const rows = await readFile<{ name: string; hex: string }>(copy, `SELECT a.name, hex(b.bytes) AS hex FROM attachment a JOIN attachment_blob b ON b.attachment_id = a.id WHERE a.id = '${att.id}'`);
    expect(rows).toEqual([{ name: "screenshot.png", hex: Buffer.from(PNG).toString("hex").toUpperCase() }]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a data-rights export says of each file its message, whether that is an internal note, and who uploaded it", async () => {
  const w = await makeWorld();
  const mine = await uploaded(w);
  const sent = await w.t.call(as(w.a, { path: "/api/widget/messages", body: { conversationId: w.convA, body: "mine", attachments: [mine.id] } }));
  const noted = (await operatorUpload(w, w.convA, png)).json.attachment;
  const note = await w.t.admin({ path: `/api/admin/conversations/${w.convA}/messages`, body: { body: "note", internal: true, attachments: [noted.id] } });
  const waiting = (await operatorUpload(w, w.convA, png)).json.attachment;
  const exported = await w.t.admin({ path: `/api/admin/visitors/${w.a.id}/export` });
  expect(exported.status).toBe(200);
  const files = Object.fromEntries(exported.json.attachments.map((a: any) => [a.id, a]));
  expect(files[mine.id]).toMatchObject({ messageId: sent.json.message.id, internal: false, uploadedBy: "visitor", sent: true });
  expect(files[noted.id]).toMatchObject({ messageId: note.json.message.id, internal: true, uploadedBy: "operator", sent: true });
  expect(files[waiting.id]).toMatchObject({ messageId: null, internal: null, uploadedBy: "operator", sent: false });
  expect(exported.text).not.toContain(w.opRef);
});
