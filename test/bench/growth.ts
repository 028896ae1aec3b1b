// The growth scenario: a database grown to `size` messages (and as many events) in big
// transactions, then the operator queries and a widget read timed while a probe measures how
// long the event loop stalls.
import { join } from "node:path";
import { Database } from "bun:sqlite";
import { newOrderedId, randomBase62 } from "../../src/lib/ids";
import type { RunningServer } from "../helpers/server";
import { median } from "./wrk";

/** GrowthResult is what the growth scenario prints and stores. */
export interface GrowthResult {
  messages: number;
  conversations: number;
  events: number;
  buildSeconds: number;
  dbMiB: number;
  queries: { name: string; p50Ms: number; maxMs: number }[];
  worstStallMs: number;
}

const DAY = 86_400_000;
const PER_CONVERSATION = 20;
const BATCH = 100_000;

function build(file: string, workspaceId: string, size: number, now: number) {
  const db = new Database(file);
  db.exec("PRAGMA journal_mode = WAL");
  db.exec("PRAGMA synchronous = OFF");
  const others = Array.from({ length: 4 }, (_, i) => `ws_bench${i}${randomBase62(12)}`);
  const insertWs = db.prepare("INSERT INTO workspace (id, name, settings, created_at) VALUES (?, ?, '{}', ?)");
  for (const [i, id] of others.entries()) insertWs.run(id, `Shop ${i + 2}`, now);
  const spaces = [workspaceId, workspaceId, workspaceId, workspaceId, ...others];
  const visitor = db.prepare("INSERT INTO visitor (id, workspace_id, token_hash, name, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?)");
  // note: the second message of each conversation is the first reply; a closed one was resolved at its last message.
  const conversation = db.prepare("INSERT INTO conversation (id, seq, workspace_id, visitor_id, kind, status, created_at, updated_at, first_reply_at, resolved_at) VALUES (?, ?, ?, ?, 'chat', ?, ?, ?, ?, ?)");
  const message = db.prepare("INSERT INTO message (id, conversation_id, workspace_id, author_kind, author_name, visitor_id, body, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  const event = db.prepare("INSERT INTO event (workspace_id, visitor_id, type, page_url, at) VALUES (?, ?, ?, 'https://shop.example/', ?)");
  const survey = db.prepare("INSERT INTO survey_response (conversation_id, kind, workspace_id, visitor_id, score, created_at) VALUES (?, 'csat', ?, ?, ?, ?)");
  const presence = db.prepare("INSERT INTO presence (visitor_id, workspace_id, state, page_url, last_seen_at) VALUES (?, ?, 'active', 'https://shop.example/', ?)");
  const conversations = Math.ceil(size / PER_CONVERSATION);
  const span = 400 * DAY;
  const ids: { v: string; c: string; ws: string }[] = [];
  const chunk = (from: number, to: number, fn: (i: number) => void) => {
    for (let start = from; start < to; start += BATCH) db.transaction(() => { for (let i = start; i < Math.min(to, start + BATCH); i++) fn(i); })();
  };
  chunk(0, conversations, (i) => {
    const ws = spaces[i % spaces.length]!;
    const at = now - span + Math.floor((i / conversations) * span);
    const v = newOrderedId("vis", at);
    const c = newOrderedId("conv", at);
    ids.push({ v, c, ws });
    visitor.run(v, ws, randomBase62(43), `Visitor ${i}`, at, at);
    const closed = i % 10 < 7;
    conversation.run(c, i + 1, ws, v, closed ? "closed" : "open", at, at + PER_CONVERSATION * 60_000, at + 60_000, closed ? at + PER_CONVERSATION * 60_000 : null);
    if (i % 10 === 0) survey.run(c, ws, v, 1 + (i % 5), at + 3_600_000);
  });
  chunk(0, size, (i) => {
    const k = Math.floor(i / PER_CONVERSATION);
    const { v, c, ws } = ids[k]!;
    const at = now - span + Math.floor((k / conversations) * span) + (i % PER_CONVERSATION) * 60_000;
    const customer = i % 2 === 0;
    message.run(newOrderedId("msg", at), c, ws, customer ? "customer" : "operator", customer ? null : "Support", customer ? v : null, `message ${i} with a sentence or two of ordinary length in it`, at);
  });
  const types = ["launcher_view", "launcher_view", "launcher_view", "launcher_view", "launcher_view", "launcher_view", "widget_open", "widget_open", "widget_close", "conversation_start"];
  chunk(0, size, (i) => {
    const { v, ws } = ids[i % ids.length]!;
    event.run(ws, v, types[i % types.length]!, now - span + Math.floor((i / size) * span));
  });
  db.transaction(() => {
    for (const { v, ws } of ids.slice(-500)) presence.run(v, ws, now);
  })();
  db.exec("DELETE FROM daily_count");
  db.exec("INSERT INTO daily_count (workspace_id, kind, day, n) SELECT workspace_id, type, at / 86400000, count(*) FROM event GROUP BY 1, 2, 3");
  db.exec("INSERT INTO daily_count (workspace_id, kind, day, n) SELECT workspace_id, 'conversations', created_at / 86400000, count(*) FROM conversation GROUP BY 1, 2, 3");
  // note: messages reach the search index in batches (src/domain/search-index.ts); a bulk load indexes them in one rebuild.
  db.exec("INSERT INTO message_fts (message_fts) VALUES ('rebuild')");
  db.exec("UPDATE message_fts_mark SET seq = (SELECT max(seq) FROM message)");
  db.exec("UPDATE conversation_activity_mark SET seq = (SELECT max(seq) FROM message)");
  db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  db.close();
  return { conversations, open: ids.find((x, i) => x.ws === workspaceId && i % 10 >= 7)!.c };
}

/** runGrowth grows the server's database, restarts it, and times the queries under a stall probe. */
export async function runGrowth(server: RunningServer, opts: { size: number; rounds: number }): Promise<GrowthResult> {
  server.kill("SIGTERM");
  await server.proc.exited;
  const t0 = performance.now();
  const now = Date.now();
  console.log(`  growth: building ${opts.size} messages, ${opts.size} events ...`);
  const built = build(server.db, server.workspaceId, opts.size, now);
  const buildSeconds = (performance.now() - t0) / 1000;
  const dbMiB = Bun.file(server.db).size / 1048576;
  console.log(`  growth: built in ${buildSeconds.toFixed(0)} s (${dbMiB.toFixed(0)} MiB); restarting and timing ...`);
  await server.restart();

  const key = { "x-woes-key": server.publicKey, "content-type": "application/json" };
  const s = (await (await fetch(`${server.url}/api/widget/session`, { method: "POST", headers: key, body: "{}" })).json()) as any;
  const auth = { ...key, authorization: `Bearer ${s.visitor.token}` };
  let conv = "";
  for (let i = 0; i < 20; i++) {
    const r = (await (await fetch(`${server.url}/api/widget/messages`, { method: "POST", headers: auth, body: JSON.stringify({ conversationId: conv || undefined, body: `history ${i}` }) })).json()) as any;
    conv = r.conversation.id;
  }
  const ws = server.workspaceId;
  const date = (daysAgo: number) => new Date(now - daysAgo * DAY).toISOString().slice(0, 10);
  const admin = { authorization: `Bearer ${server.adminToken}` };
  const page = (await (await fetch(`${server.url}/api/admin/conversations?workspace=${ws}`, { headers: admin })).json()) as any;
  const queries: { name: string; path: string; headers: Record<string, string> }[] = [
    { name: "inbox", path: `/api/admin/conversations?workspace=${ws}`, headers: admin },
    { name: "inbox open", path: `/api/admin/conversations?workspace=${ws}&status=open`, headers: admin },
    { name: "inbox closed, page 2", path: `/api/admin/conversations?workspace=${ws}&status=closed&after=${page.nextCursor}`, headers: admin },
    { name: "inbox, all workspaces", path: "/api/admin/conversations", headers: admin },
    { name: "conversation detail", path: `/api/admin/conversations/${built.open}`, headers: admin },
    { name: "visitors online", path: `/api/admin/visitors/online?workspace=${ws}`, headers: admin },
    { name: "stats 30 days", path: `/api/admin/stats?workspace=${ws}&from=${date(29)}&to=${date(0)}`, headers: admin },
    { name: "stats 90 days", path: `/api/admin/stats?workspace=${ws}&from=${date(89)}&to=${date(0)}`, headers: admin },
    { name: "stats 400 days", path: `/api/admin/stats?workspace=${ws}&from=${date(399)}&to=${date(0)}`, headers: admin },
    { name: "search, a word in every message", path: `/api/admin/search?workspace=${ws}&q=ordinary`, headers: admin },
    { name: "search, a rare word", path: `/api/admin/search?workspace=${ws}&q=${Math.floor(opts.size / 3)}`, headers: admin },
    { name: "search, a visitor's name", path: `/api/admin/search?workspace=${ws}&q=visitor%20${Math.floor(built.conversations / 2)}`, headers: admin },
    { name: "search, all workspaces", path: "/api/admin/search?q=sentence%20ordin", headers: admin },
    { name: "widget history", path: `/api/widget/messages?conversation=${conv}&limit=20`, headers: auth },
  ];
  // note: the probe asks /healthz back to back; its slowest answer is the longest the event loop was held.
  const probe = Bun.spawn([process.execPath, join(import.meta.dir, "probe.ts"), `${server.url}/healthz`], { stdout: "pipe" });
  // note: the queries start once the probe has had its first answer, so it sees the first (coldest) one.
  const said = probe.stdout.getReader();
  const first = await said.read();
  if (first.done) throw new Error("growth: the stall probe stopped before its first answer");
  const results: GrowthResult["queries"] = [];
  for (const q of queries) {
    const times: number[] = [];
    for (let i = 0; i < opts.rounds; i++) {
      const t = performance.now();
      const res = await fetch(server.url + q.path, { headers: q.headers });
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`growth: ${q.name} answered ${res.status}`);
      times.push(performance.now() - t);
    }
    results.push({ name: q.name, p50Ms: median(times), maxMs: Math.max(...times) });
  }
  probe.kill();
  // note: the probe prints a line only when its worst grows, so what waits in the pipe is a few lines.
  let heard = new TextDecoder().decode(first.value);
  for (let r = await said.read(); !r.done; r = await said.read()) heard += new TextDecoder().decode(r.value);
  const worst = Math.max(...heard.trim().split("\n").map(Number));
  return { messages: opts.size, conversations: built.conversations, events: opts.size, buildSeconds, dbMiB, queries: results, worstStallMs: worst };
}
