// Data rights through dist/woes: a contact's export with many large files is streamed file by file, so the
// server's memory grows by about one file, not by all of them (the export once held every file, and its base64
// twice over, in memory at once), and every byte still comes out as the file it was.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { readFileSync, writeFileSync } from "node:fs";
import { hmacSha256Hex } from "../../../src/lib/crypto";
import { readFile } from "../../helpers/platform";
import { NO_LIMITS, startServer, type RunningServer } from "../../helpers/server";
import { roomyTimeouts } from "../../helpers/timeouts";

roomyTimeouts();

const FILES = 8;
const FILE_BYTES = 10 * 1024 * 1024 - 1024;

let server: RunningServer;
beforeAll(async () => {
  server = await startServer({ args: NO_LIMITS });
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

// note: the high-water mark of the server's resident memory, so a peak between two reads is not missed; writing 5
// to clear_refs sets it back to the memory resident now (Linux), so the uploads' own peak does not hide the export's.
const status = () => readFileSync(`/proc/${server.proc.child.pid}/status`, "utf8");
const mb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status())![1]) / 1024;
const resetPeak = () => writeFileSync(`/proc/${server.proc.child.pid}/clear_refs`, "5");

const widget = (path: string, body: unknown, token?: string) =>
  fetch(`${server.url}/api/widget/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-woes-key": server.publicKey, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  }).then((r) => r.json() as Promise<any>);

// note: each file differs in every byte from the others, so a file answered in place of another is caught.
const fileBytes = (n: number) => {
  const bytes = new Uint8Array(FILE_BYTES);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7 + n * 31 + (i >> 11)) & 0xff;
  return bytes;
};

test(`a contact's export of ${FILES} files of 10 MiB holds about one file in the server's memory, and answers every byte`, async () => {
  const email = "big.files@visitor.test";
  const session = await widget("session", { identity: { email, email_hash: await hmacSha256Hex(server.identitySecret, email) } });
  const token = session.visitor.token as string;
  const conversationId = (await widget("messages", { body: "here are my files" }, token)).conversation.id as string;
  for (let n = 0; n < FILES; n++) {
    const form = new FormData();
    form.append("conversationId", conversationId);
    form.append("file", new Blob([fileBytes(n)], { type: "application/octet-stream" }), `file-${n}.bin`);
    const upload = await fetch(`${server.url}/api/widget/attachments`, { method: "POST", headers: { "x-woes-key": server.publicKey, authorization: `Bearer ${token}` }, body: form });
    expect(upload.status).toBe(201);
    // note: sent at once, since a visitor may hold only a few unsent files.
    const id = ((await upload.json()) as any).attachment.id;
    expect((await widget("messages", { conversationId, body: `file ${n}`, attachments: [id] }, token)).message.attachments).toHaveLength(1);
  }
  const contactId = (await readFile<{ id: string }>(server.db, `SELECT id FROM contact WHERE email = '${email}'`))[0]!.id;

  resetPeak();
  const before = mb("VmRSS");
  expect(mb("VmHWM")).toBeLessThan(before + 5);
  const res = await fetch(`${server.url}/api/admin/contacts/${contactId}/export`, { headers: { authorization: `Bearer ${server.adminToken}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^application\/json;\s?charset=utf-8$/);
  expect(res.headers.get("cache-control")).toBe("no-store");
  const text = await res.text();
  const grew = mb("VmHWM") - before;

  const data = JSON.parse(text);
  expect(data.contact).toMatchObject({ id: contactId, email });
  expect(data.conversations.flatMap((c: any) => c.messages.map((m: any) => m.body))).toEqual(["here are my files", ...Array.from({ length: FILES }, (_, n) => `file ${n}`)]);
  expect(data.attachments.map((a: any) => a.name).sort()).toEqual(Array.from({ length: FILES }, (_, n) => `file-${n}.bin`));
  for (const a of data.attachments) {
    const n = Number(/file-(\d+)/.exec(a.name)![1]);
    expect([a.name, a.size, Buffer.from(a.data, "base64").equals(Buffer.from(fileBytes(n)))]).toEqual([a.name, FILE_BYTES, true]);
  }
  expect(data.surveys).toEqual([]);
  // note: the files come to 80 MiB, their base64 to 107 MiB. Held whole, the export grew the server by 467-480 MB;
  // streamed, by 0-67 MB (the pieces of the files already sent wait for the collector).
  expect(grew).toBeLessThan(160);
});
