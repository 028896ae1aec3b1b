// `bun test/bench/disk.ts`: bytes on disk per stored event and per message, measured through the
// real routes into a real SQLite file (indexes included), for the README's disk-use figure.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApp } from "../../src/app";
import { defaultConfig, ROUTE_LIMITS } from "../../src/config";
import { createContext } from "../../src/context";
import { createWorkspace } from "../../src/domain/workspaces";
import { openStore } from "../../src/platform/bun/sqlite";

const VISITORS = 1_000;
const EVENT_BATCHES = 2; // of 50 events each, per visitor
const MESSAGES = 10; // per visitor, in one conversation

const dir = mkdtempSync(join(tmpdir(), "woes-disk-"));
const file = join(dir, "woes.db");
const store = openStore(file);
const lifted = Object.fromEntries(Object.keys(ROUTE_LIMITS).map((k) => [k, 1e9]));
const config = { ...defaultConfig(), limits: { ...defaultConfig().limits, ...lifted, visitorsPerMinute: 1e9, conversationsPerHour: 1e9, messagesPerMinute: 1e9 } };
const app = createApp(createContext({ store, config, log: () => {} }));
const ws = await createWorkspace(store, "Acme", Date.now());

const call = async (path: string, body: unknown, token?: string) => {
  const headers: Record<string, string> = { "content-type": "application/json", "x-woes-key": ws.publicKey };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await app.handle(new Request(`http://localhost${path}`, { method: "POST", headers, body: JSON.stringify(body) }));
  if (res.status >= 300) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<any>;
};

const sqlite = (store as unknown as { db: { $client: import("bun:sqlite").Database } }).db.$client;
const bytes = () => {
  sqlite.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  const pages = sqlite.query("PRAGMA page_count").get() as { page_count: number };
  const free = sqlite.query("PRAGMA freelist_count").get() as { freelist_count: number };
  const size = sqlite.query("PRAGMA page_size").get() as { page_size: number };
  return (pages.page_count - free.freelist_count) * size.page_size;
};

const page = { url: "https://www.example.com/pricing/enterprise?utm_source=newsletter", title: "Pricing · Example" };
const tokens: string[] = [];
const beforeVisitors = bytes();
for (let i = 0; i < VISITORS; i++) tokens.push((await call("/api/widget/session", { page })).visitor.token);
const visitorBytes = (bytes() - beforeVisitors) / VISITORS;

const beforeEvents = bytes();
for (const token of tokens) {
  for (let b = 0; b < EVENT_BATCHES; b++) {
    const events = Array.from({ length: 50 }, (_, j) => ({ type: j % 5 === 0 ? "widget_open" : "launcher_view", page }));
    await call("/api/widget/events", { events }, token);
  }
}
const eventBytes = (bytes() - beforeEvents) / (VISITORS * EVENT_BATCHES * 50);

const beforeMessages = bytes();
for (const token of tokens) {
  let conversationId: string | undefined;
  for (let m = 0; m < MESSAGES; m++) {
    const sent = await call("/api/widget/messages", { conversationId, body: `Hello, I have a question about my order number ${m}: it has not arrived yet, can you help?`, clientId: crypto.randomUUID() }, token);
    conversationId = sent.conversation.id;
  }
}
const messageBytes = (bytes() - beforeMessages) / (VISITORS * MESSAGES);

console.log(JSON.stringify({ bytesPerVisitor: Math.round(visitorBytes), bytesPerEvent: Math.round(eventBytes), bytesPerMessage: Math.round(messageBytes), note: "messages of ~90 characters, each with a clientId; one conversation per 10 messages" }));
store.close();
rmSync(dir, { recursive: true, force: true });
