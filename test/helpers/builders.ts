// Builders for widget and security tests: data planted through the domain and the DB, scenario
// tables, the no-leak assertion, identity proofs and an SSE reader over app.handle.
import { expect, test } from "bun:test";
import { eq, sql } from "drizzle-orm";
import { SignJWT } from "jose";
import { agents, conversations, messageInternals, messages, widgetKeys, workspaces } from "../../db/schema";
import { readSettings, type Settings } from "../../src/domain/settings";
import { createWorkspace, insertKey } from "../../src/domain/workspaces";
import { hmacSha256Hex, sha256Hex } from "../../src/lib/crypto";
import { newId } from "../../src/lib/ids";
import { publishMessage } from "../../src/realtime/publish";
import { makeApp, type Call, type TestApp } from "./app";
import { sleep } from "../runtime/neutral";

export type Res = Awaited<ReturnType<TestApp["call"]>>;
const encoder = new TextEncoder();

// ---------- visitors, messages, settings, keys ----------

/** Visitor is a started widget session: its token, id and the session answer. */
export interface Visitor {
  token: string;
  id: string;
  key: string;
  session: any;
}

/** visitor starts a session (optionally identified) and fails the test unless it answers 200. */
export async function visitor(t: TestApp, opts: { key?: string; identity?: unknown; token?: string; headers?: Record<string, string> } = {}): Promise<Visitor> {
  const key = opts.key ?? t.ws.publicKey;
  const r = await t.call({ path: "/api/widget/session", key, token: opts.token, headers: opts.headers, body: opts.identity ? { identity: opts.identity } : {} });
  if (r.status !== 200) throw new Error(`session failed: ${r.status} ${r.text}`);
  return { token: r.json.visitor.token, id: r.json.visitor.id, key, session: r.json };
}

/** as builds a call made by visitor v. */
export const as = (v: Visitor, c: Call): Call => ({ key: v.key, token: v.token, ...c });

/** send posts a customer message as v; body may be a string or a whole SendBody. */
export function send(t: TestApp, v: Visitor, body: string | Record<string, unknown>, headers?: Record<string, string>) {
  return t.call(as(v, { path: "/api/widget/messages", body: typeof body === "string" ? { body } : body, headers }));
}

/** conversationOf sends a first message as v and returns the new conversation id. */
export async function conversationOf(t: TestApp, v: Visitor, body = "Hello, I need help"): Promise<string> {
  const r = await send(t, v, body);
  if (r.status !== 201) throw new Error(`send failed: ${r.status} ${r.text}`);
  return r.json.conversation.id;
}

/** Plant is a message written by the operator side straight into the DB. */
export interface Plant {
  body: string;
  kind?: "operator" | "agent" | "system";
  internal?: boolean;
  name?: string;
  operatorRef?: string;
  internals?: Record<string, unknown>;
}

/** plant inserts an operator/agent/system message (and its internals) and publishes it as the operator API does. */
export async function plant(t: TestApp, conversationId: string, p: Plant) {
  const conv = (await t.store.db.select().from(conversations).where(eq(conversations.id, conversationId)).get())!;
  const now = t.clock.now();
  const row = await t.store.write(async (tx) => {
    const m = await tx
      .insert(messages)
      .values({ id: newId("msg"), conversationId, workspaceId: conv.workspaceId, authorKind: p.kind ?? "operator", authorName: p.name ?? "Grace", operatorRef: p.operatorRef ?? null, internal: p.internal ?? false, body: p.body, createdAt: now })
      .returning()
      .get();
    if (p.internals) await tx.insert(messageInternals).values({ messageSeq: m.seq, details: p.internals }).run();
    await tx.update(conversations).set({ updatedAt: now }).where(eq(conversations.id, conversationId)).run();
    return m;
  });
  publishMessage(t.ctx, { ...conv, updatedAt: now }, row);
  return row;
}

/** setSettings merges patch into a workspace's settings in the DB and clears the key cache. */
export async function setSettings(t: TestApp, patch: Partial<Settings>, workspaceId = t.ws.workspace.id) {
  const row = (await t.store.db.select({ settings: workspaces.settings }).from(workspaces).where(eq(workspaces.id, workspaceId)).get())!;
  const next = { ...readSettings(row.settings), ...patch };
  await t.store.write((tx) => tx.update(workspaces).set({ settings: next }).where(eq(workspaces.id, workspaceId)).run());
  t.ctx.keys.invalidate();
}

/** BUG_FORM is a ticket form with a required text field, an email and a select. */
export const BUG_FORM = {
  key: "bug_report",
  title: "Report a bug",
  fields: [
    { key: "subject", label: "Subject", type: "text" as const, required: true },
    { key: "contact", label: "Contact email", type: "email" as const, required: false },
    { key: "severity", label: "Severity", type: "select" as const, required: false, options: ["low", "high"] },
  ],
};

/** addKey adds a widget key (maybe an agent key, maybe with an origin allow-list). */
export async function addKey(t: TestApp, opts: { workspaceId?: string; allowedOrigins?: string[]; agent?: { name: string; instructions?: string; avatarUrl?: string } } = {}) {
  const workspaceId = opts.workspaceId ?? t.ws.workspace.id;
  const now = t.clock.now();
  const agentId = opts.agent ? newId("ag") : null;
  const made = await t.store.write(async (tx) => {
    if (opts.agent) await tx.insert(agents).values({ id: agentId!, workspaceId, name: opts.agent.name, instructions: opts.agent.instructions ?? null, avatarUrl: opts.agent.avatarUrl ?? null, createdAt: now }).run();
    return await insertKey(tx, workspaceId, opts.agent ? "agent" : "workspace", agentId, opts.allowedOrigins ?? [], now);
  });
  t.ctx.keys.invalidate();
  return { ...made, agentId };
}

/** revokeKey marks a key revoked and clears the key cache. */
export async function revokeKey(t: TestApp, key: string) {
  await t.store.write((tx) => tx.update(widgetKeys).set({ revokedAt: t.clock.now() }).where(eq(widgetKeys.key, key)).run());
  t.ctx.keys.invalidate();
}

/** secondWorkspace creates workspace "Globex" with its own key and secret. */
export const secondWorkspace = (t: TestApp) => createWorkspace(t.store, "Globex", t.clock.now());

/** count returns the number of rows of a table (optionally filtered by a raw SQL condition). */
export async function count(t: TestApp, table: string, where = "1 = 1"): Promise<number> {
  return Number(((await t.store.db.all(sql.raw(`select count(*) as n from ${table} where ${where}`)))[0] as { n: number }).n);
}

/** withAddresses makes the app take the client address from the X-Test-Address header. */
export function withAddresses(t: TestApp) {
  t.ctx.clientAddress = (r: Request) => r.headers.get("x-test-address") ?? "203.0.113.1";
}

// ---------- identity proofs ----------

const b64url = (bytes: Uint8Array | string) => Buffer.from(typeof bytes === "string" ? encoder.encode(bytes) : bytes).toString("base64url");

/** hmac is the email_hash a customer's backend computes. */
export const hmac = (secret: string, email: string) => hmacSha256Hex(secret, email);

/** jwt signs claims with HS256 (iat and exp default to now and now + 1 h on t's clock). */
export function jwt(t: TestApp, secret: string, claims: Record<string, unknown>) {
  const now = Math.floor(t.clock.now() / 1000);
  return new SignJWT({ iat: now, exp: now + 3600, ...claims }).setProtectedHeader({ alg: "HS256", typ: "JWT" }).sign(encoder.encode(secret));
}

/** rawJwt hand-crafts a token: `none` leaves the signature empty, HS512 signs with SHA-512. */
export async function rawJwt(alg: "none" | "HS512", secret: string, claims: Record<string, unknown>) {
  const input = `${b64url(JSON.stringify({ alg, typ: "JWT" }))}.${b64url(JSON.stringify(claims))}`;
  if (alg === "none") return `${input}.`;
  const k = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-512" }, false, ["sign"]);
  return `${input}.${b64url(new Uint8Array(await crypto.subtle.sign("HMAC", k, encoder.encode(input))))}`;
}

// ---------- assertions ----------

const SNAKE = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;

/** expectError checks the contract's error shape exactly, and status and code when given. */
export function expectError(r: { status: number; text: string }, status?: number, code?: string, field?: string) {
  if (status !== undefined) expect(r.status).toBe(status);
  const body = JSON.parse(r.text);
  expect(Object.keys(body)).toEqual(["error"]);
  const e = body.error;
  expect(Object.keys(e).every((k) => k === "code" || k === "message" || k === "field" || k === "fields")).toBe(true);
  if ("fields" in e) expect(fieldsShape(e)).toBe(true);
  expect(e.code).toMatch(SNAKE);
  expect(typeof e.message).toBe("string");
  expect(e.message.length).toBeGreaterThan(0);
  if ("field" in e) expect(typeof e.field).toBe("string");
  if (code !== undefined) expect(e.code).toBe(code);
  if (field !== undefined) expect(e.field).toBe(field);
  return e as { code: string; message: string; field?: string };
}

/** fieldsShape checks an error's list of invalid fields: several {field, message}, the first being its field. */
export function fieldsShape(e: any): boolean {
  const list = e.fields;
  if (!Array.isArray(list) || list.length < 2) return false;
  if (!list.every((f) => f && typeof f === "object" && Object.keys(f).join() === "field,message" && typeof f.field === "string" && typeof f.message === "string")) return false;
  return list[0].field === (e.field ?? "");
}

/** isErrorShape is expectError as a predicate (for property tests). */
export function isErrorShape(text: string): boolean {
  try {
    const body = JSON.parse(text);
    if (!body || typeof body !== "object" || Array.isArray(body) || Object.keys(body).join() !== "error") return false;
    const e = body.error;
    if (!e || typeof e !== "object" || Array.isArray(e)) return false;
    if (!Object.keys(e).every((k) => k === "code" || k === "message" || k === "field" || k === "fields")) return false;
    if ("fields" in e && !fieldsShape(e)) return false;
    return typeof e.code === "string" && SNAKE.test(e.code) && typeof e.message === "string" && (!("field" in e) || typeof e.field === "string");
  } catch {
    return false;
  }
}

/** Every JSON key a widget answer may contain, at any depth. */
const PUBLIC_KEYS = new Set([
  "visitor", "token", "id", "verified", "name", "email", "company", "workspace", "agent", "avatarUrl", "settings", "theme", "identity", "survey",
  "ticketForms", "key", "title", "fields", "label", "type", "required", "options", "conversations", "unreadCount", "status", "kind", "createdAt",
  "updatedAt", "lastMessage", "conversationId", "author", "body", "clientId", "messages", "nextCursor", "hasMore", "conversation", "message",
  "totalUnread", "accepted", "ok", "operatorsOnline", "score", "comment", "error", "code", "field",
  "sources", "url", "handler", "draftId", "text",
]);
function keysOf(x: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(x)) for (const y of x) keysOf(y, out);
  else if (x && typeof x === "object") for (const [k, v] of Object.entries(x)) out.add(k), keysOf(v, out);
  return out;
}
/** onlyPublicKeys expects every key of a widget answer, at any depth, to be one of PUBLIC_KEYS. */
export const onlyPublicKeys = (json: unknown) => expect([...keysOf(json)].filter((k) => !PUBLIC_KEYS.has(k))).toEqual([]);

/** Patterns that betray the database, the driver, stack traces or internal columns. */
export const LEAK_PATTERNS: RegExp[] = [
  /sqlite/i,
  /drizzle/i,
  /\bat\s+\S+\s+\(|\bat\s+\/|\(\/[^)]*:\d+:\d+\)/, // stack frames
  /node_modules/,
  /\bselect\s.+\sfrom\b|\binsert\s+into\b|\bconstraint\b/i,
  /"seq"|last_?read_?seq|token_?hash|operator_?ref|message_?seq|external_?key/i,
];

/** haystack is everything a client receives: headers and body. */
export const haystack = (r: { headers: Headers; text: string }) => `${[...r.headers].map(([k, v]) => `${k}: ${v}`).join("\n")}\n\n${r.text}`;

/** assertNoLeak fails when any secret (or a leak pattern) appears in the response's headers or body. */
export function assertNoLeak(r: { headers: Headers; text: string }, secrets: string[]) {
  const all = haystack(r);
  for (const s of secrets) {
    // note: an empty secret would find nothing and prove nothing.
    if (!s) throw new Error("assertNoLeak was given an empty secret to look for");
    expect(all.includes(s) ? `leaked ${JSON.stringify(s)}` : "ok").toBe("ok");
  }
  for (const p of LEAK_PATTERNS) expect(p.test(all) ? `matched ${p} in ${all.slice(0, 300)}` : "ok").toBe("ok");
}

// ---------- scenario tables ----------

type Many<W> = string[] | ((w: W) => string[]);

/** Scenario is one row: a request, the status, what must and must not be in the answer. */
export interface Scenario<W> {
  name: string;
  setup?: (w: W) => unknown;
  request: (w: W) => Call | Promise<Call>;
  status: number;
  code?: string;
  expectedContent?: Many<W>;
  notExpectedContent?: Many<W>;
  check?: (r: Res, w: W) => unknown;
}

/** scenarios turns each row into a test over a fresh world. */
export function scenarios<W extends { t: TestApp }>(makeWorld: () => Promise<W>, rows: Scenario<W>[]) {
  for (const row of rows) {
    test(row.name, async () => {
      const w = await makeWorld();
      await row.setup?.(w);
      const r = await w.t.call(await row.request(w));
      if (r.status !== row.status) throw new Error(`expected ${row.status}, got ${r.status}: ${r.text.slice(0, 400)}`);
      if (r.status >= 400) expectError(r, row.status, row.code);
      const many = (m?: Many<W>) => (typeof m === "function" ? m(w) : (m ?? []));
      const expected = many(row.expectedContent);
      for (const s of expected) expect(r.text).toContain(s);
      // note: a world's planted secrets are checked on every row, besides the row's own.
      const planted: string[] = ((w as { secrets?: string[] }).secrets ?? []).filter((s) => !expected.includes(s));
      assertNoLeak(r, [...planted, ...many(row.notExpectedContent)]);
      await row.check?.(r, w);
    });
  }
}

// ---------- the world: two visitors, planted internals, a second workspace ----------

/** World is an app with secrets planted everywhere a widget answer could leak them. */
export async function makeWorld(overrides: Parameters<typeof makeApp>[0] = {}) {
  const t = await makeApp(overrides);
  const a = await visitor(t, { identity: { name: "Ada", email: "ada@example.com" } });
  const b = await visitor(t, { identity: { name: "Bob", email: "bob@example.com" } });
  const convA = await conversationOf(t, a, "Ada's question");
  const convB = await conversationOf(t, b, "BOB_PRIVATE_QUESTION");
  const opRef = `user_${newId("op")}`;
  const reply = await plant(t, convA, { body: "Operator answer for Ada", operatorRef: opRef });
  const agentReply = await plant(t, convA, {
    body: "Agent answer for Ada",
    kind: "agent",
    name: "Helper Bot",
    internals: { provider: "PROVIDER_OPENROUTER_X", model: "MODEL_GPT_SECRET_9", prompt: "PROMPT_SYSTEM_TEXT_Q", inputTokens: 91827, outputTokens: 56473, traces: ["DEBUG_TRACE_Z"] },
  });
  const note = await plant(t, convA, { body: "INTERNAL_NOTE_do_not_show", internal: true, operatorRef: opRef });
  const agent = await addKey(t, { agent: { name: "Helper Bot", instructions: "AGENT_INSTRUCTIONS_SECRET" } });
  const other = await secondWorkspace(t);
  const c = await visitor(t, { key: other.publicKey });
  const convC = await conversationOf(t, c, "GLOBEX_PRIVATE_QUESTION");
  const secrets = [
    t.ws.identitySecret,
    t.adminToken,
    note.body,
    "PROVIDER_OPENROUTER_X",
    "MODEL_GPT_SECRET_9",
    "PROMPT_SYSTEM_TEXT_Q",
    "91827",
    "56473",
    "DEBUG_TRACE_Z",
    "AGENT_INSTRUCTIONS_SECRET",
    opRef,
    other.workspace.id,
    other.publicKey,
    other.identitySecret,
    convC,
    c.token,
    c.id,
    "GLOBEX_PRIVATE_QUESTION",
    b.token,
    convB,
    "BOB_PRIVATE_QUESTION",
    t.ws.workspace.id,
    await sha256Hex(a.token),
    await sha256Hex(b.token),
  ];
  return { t, a, b, c, convA, convB, convC, reply, agentReply, note, agent, other, opRef, secrets };
}
export type World = Awaited<ReturnType<typeof makeWorld>>;

// ---------- server-sent events over app.handle ----------

/** SseEvent is one parsed event of a stream. */
export interface SseEvent {
  event: string;
  data: any;
}

/** openStream opens GET /api/widget/messages/stream as v and parses what arrives. */
export const openStream = (t: TestApp, v: Visitor, headers: Record<string, string> = {}) =>
  openSse(t, "/api/widget/messages/stream", { "x-woes-key": v.key, authorization: `Bearer ${v.token}`, ...headers });

/** openSse opens any stream (widget or operator) through app.handle (a running server's: see overHttp) and collects its events and comments until closed. */
export async function openSse(t: { app: { handle(request: Request): Response | Promise<Response> } }, path: string, headers: Record<string, string> = {}) {
  const ac = new AbortController();
  const res = await t.app.handle(new Request(`http://localhost${path}`, { headers, signal: ac.signal }));
  const events: SseEvent[] = [];
  const comments: string[] = [];
  let raw = "";
  let buffer = "";
  let ended = false;
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const pump = (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        const text = decoder.decode(value, { stream: true });
        raw += text;
        buffer += text;
        let i: number;
        while ((i = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, i);
          buffer = buffer.slice(i + 2);
          if (block.startsWith(":")) comments.push(block.slice(1).trim());
          const ev = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (ev) events.push({ event: ev, data: data ? JSON.parse(data) : null });
        }
      }
    } catch {
      /* the stream was cancelled */
    }
    ended = true;
  })();
  /** until waits for a predicate over what arrived so far (fails after ms). */
  async function until(pred: () => boolean, ms = 2000) {
    const end = Date.now() + ms;
    while (!pred()) {
      if (Date.now() > end) throw new Error(`stream: condition not met in ${ms} ms; got ${raw.slice(0, 600)}`);
      await sleep(5);
    }
  }
  async function close() {
    ac.abort();
    await reader.cancel().catch(() => {});
    await pump;
  }
  return { res, events, comments, raw: () => raw, ended: () => ended, until, close, of: (name: string) => events.filter((e) => e.event === name) };
}

/** overHttp is a running server seen as an app: its requests go over HTTP (for openSse). */
export const overHttp = (url: string) => ({
  app: {
    handle: (r: Request) => {
      const u = new URL(r.url);
      return fetch(url + u.pathname + u.search, { method: r.method, headers: r.headers, signal: r.signal });
    },
  },
});
