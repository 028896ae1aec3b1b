// The Postgres triggers (db/pg/migrations/0001_triggers.sql) against the SQLite ones they translate: one SQLite
// store and one real Postgres database take the same SQL, step by step, and after each step the figures the
// triggers keep (operator_unread, team_daily, conversation.last_reply_seq) must be the same on both; some absolute
// expectations besides, so that two engines doing nothing alike cannot pass. The migration's seed rows are checked too.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { sql } from "drizzle-orm";
import { readFileSync } from "node:fs";
import postgres from "postgres";
import type { Migration, Store } from "../../db/store";
import { postgresMigrations } from "../../src/platform/embedded";
import { migratePostgres } from "../../src/platform/postgres";
import { platform } from "../helpers/platform";
import { sharedPostgres, type Postgres } from "../helpers/postgres";
import { roomyTimeouts } from "../helpers/timeouts";

roomyTimeouts();

const DAY = 86_400_000;
/** T is midnight (UTC) of day 20000; times below are T plus hours, so day boundaries are easy to cross. */
const T = 20_000 * DAY;
const H = 3_600_000;

/** journalMigrations reads db/pg/migrations in drizzle-kit's journal order. */
function journalMigrations(): Migration[] {
  const folder = new URL("../../db/pg/migrations/", import.meta.url);
  const journal = JSON.parse(readFileSync(new URL("meta/_journal.json", folder), "utf8")) as { entries: { idx: number; tag: string }[] };
  return [...journal.entries].sort((a, b) => a.idx - b.idx).map((e) => ({ tag: e.tag, sql: readFileSync(new URL(`${e.tag}.sql`, folder), "utf8") }));
}

let cluster: Postgres;
let store: Store;
let pgsql: postgres.Sql;
beforeAll(async () => {
  cluster = await sharedPostgres();
  const url = await cluster.createDatabase("triggers");
  expect(await migratePostgres(url, postgresMigrations)).toEqual(postgresMigrations.map((m) => m.tag));
  pgsql = postgres(url, { max: 1, onnotice: () => {} });
  store = platform.openStore(":memory:");
});
afterAll(async () => {
  store?.close();
  await pgsql?.end();
  await cluster?.stop();
});

/** both runs each statement on SQLite, then on Postgres; the statements are written to be valid on both. */
async function both(...statements: string[]) {
  for (const s of statements) {
    await store.db.run(sql.raw(s));
    await pgsql.unsafe(s);
  }
}

type Row = Record<string, unknown>;
const sqliteRows = async (q: string) => (await store.db.all(sql.raw(q))) as Row[];
const pgRows = async (q: string) => [...(await pgsql.unsafe(q))] as Row[];

/** What the triggers keep, as plain JS values sorted in JS (so neither engine's collation nor bigint-as-string matters). */
interface Figures {
  unread: { conversation_id: string; operator_ref: string; workspace_id: string }[];
  team: { workspace_id: string; day: number; kind: string; account_id: string; n: number; total: number }[];
  lastReply: { id: string; last_reply_seq: number | null }[];
}

const num = (v: unknown) => (v === null ? null : Number(v));
const sorted = <T>(rows: T[]) => rows.sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));

async function figures(read: (q: string) => Promise<Row[]>): Promise<Figures> {
  return {
    unread: sorted((await read("SELECT conversation_id, operator_ref, workspace_id FROM operator_unread")).map((r) => ({
      conversation_id: String(r.conversation_id),
      operator_ref: String(r.operator_ref),
      workspace_id: String(r.workspace_id),
    }))),
    team: sorted((await read("SELECT workspace_id, day, kind, account_id, n, total FROM team_daily")).map((r) => ({
      workspace_id: String(r.workspace_id),
      day: Number(r.day),
      kind: String(r.kind),
      account_id: String(r.account_id),
      n: Number(r.n),
      total: Number(r.total),
    }))),
    lastReply: sorted((await read("SELECT id, last_reply_seq FROM conversation")).map((r) => ({ id: String(r.id), last_reply_seq: num(r.last_reply_seq) }))),
  };
}

/** same reads the figures of both engines, expects them equal, and answers them (SQLite's) for absolute checks. */
async function same(): Promise<Figures> {
  const [lite, pg] = await Promise.all([figures(sqliteRows), figures(pgRows)]);
  expect(pg).toEqual(lite);
  return lite;
}

const unreadOf = (f: Figures, conversation: string) => f.unread.filter((r) => r.conversation_id === conversation).map((r) => r.operator_ref).sort();
const cell = (f: Figures, ws: string, day: number, kind: string, account: string) =>
  f.team.find((r) => r.workspace_id === ws && r.day === day && r.kind === kind && r.account_id === account);
const lastReplyOf = (f: Figures, conversation: string) => f.lastReply.find((r) => r.id === conversation)?.last_reply_seq;

const conversation = (id: string, seq: number, ws: string, visitor: string, status: string, createdAt: number, extra: Record<string, string | number | null> = {}) => {
  const cols = ["id", "seq", "workspace_id", "visitor_id", "kind", "status", "created_at", "updated_at", ...Object.keys(extra)];
  const vals = [`'${id}'`, seq, `'${ws}'`, `'${visitor}'`, "'chat'", `'${status}'`, createdAt, createdAt, ...Object.values(extra).map((v) => (typeof v === "string" ? `'${v}'` : v === null ? "NULL" : v))];
  return `INSERT INTO conversation (${cols.join(", ")}) VALUES (${vals.join(", ")})`;
};
/** message is one row of a message INSERT: internal is written true/false (a boolean on Postgres, 1/0 on SQLite). */
const messageRow = (seq: number, conv: string, ws: string, kind: string, internal = false) =>
  `(${seq}, 'msg_${seq}', '${conv}', '${ws}', '${kind}', ${kind === "customer" ? "NULL" : `'user:usr_ann'`}, ${internal}, 'text ${seq}', ${T + seq})`;
const messages = (...rows: string[]) => `INSERT INTO message (seq, id, conversation_id, workspace_id, author_kind, operator_ref, internal, body, created_at) VALUES ${rows.join(", ")}`;
const message = (seq: number, conv: string, ws: string, kind: string, internal = false) => messages(messageRow(seq, conv, ws, kind, internal));
/** seen upserts a seen mark the way the console does (it only moves forward), in SQL both engines take. */
const seen = (conv: string, user: string, seq: number) =>
  `INSERT INTO operator_seen (conversation_id, operator_ref, message_seq) VALUES ('${conv}', 'user:${user}', ${seq}) ON CONFLICT (conversation_id, operator_ref) DO UPDATE SET message_seq = CASE WHEN excluded.message_seq > operator_seen.message_seq THEN excluded.message_seq ELSE operator_seen.message_seq END`;

test("the seed rows: the attachment signing key (64 random hex characters) and the full-text mark", async () => {
  const keys = await pgRows("SELECT name, secret FROM signing_key");
  expect(keys.map((k) => k.name)).toEqual(["attachment"]);
  expect(String(keys[0]!.secret)).toMatch(/^[0-9a-f]{64}$/);
  const liteKeys = await sqliteRows("SELECT name, secret FROM signing_key");
  expect(liteKeys.map((k) => k.name)).toEqual(["attachment"]);
  expect(String(liteKeys[0]!.secret)).toMatch(/^[0-9a-f]{64}$/);
  expect(keys[0]!.secret).not.toBe(liteKeys[0]!.secret);
  expect((await pgRows("SELECT id, seq FROM message_fts_mark")).map((r) => ({ id: Number(r.id), seq: Number(r.seq) }))).toEqual([{ id: 1, seq: 0 }]);
  expect((await sqliteRows("SELECT id, seq FROM message_fts_mark")).map((r) => ({ id: Number(r.id), seq: Number(r.seq) }))).toEqual([{ id: 1, seq: 0 }]);
});

test("workspaces, members and conversations; one imported already answered and closed counts at once", async () => {
  await both(
    "INSERT INTO workspace (id, name, settings, created_at) VALUES ('ws_a', 'Acme', '{}', 1), ('ws_b', 'Globex', '{}', 1)",
    `INSERT INTO "user" (id, email, name, password_hash, created_at) VALUES ('usr_ann', 'ann@acme.test', 'Ann', 'x', 1), ('usr_bob', 'bob@acme.test', 'Bob', 'x', 1), ('usr_cat', 'cat@acme.test', 'Cat', 'x', 1)`,
    "INSERT INTO membership (user_id, workspace_id, role) VALUES ('usr_ann', 'ws_a', 'owner'), ('usr_bob', 'ws_a', 'operator'), ('usr_bob', 'ws_b', 'owner')",
    "INSERT INTO visitor (id, workspace_id, token_hash, created_at, last_seen_at) VALUES ('vis_a', 'ws_a', 'h1', 1, 1), ('vis_b', 'ws_b', 'h2', 1, 1)",
    // conv_1 starts late on day 20000, so its first reply (next day) still counts on day 20000.
    conversation("conv_1", 1, "ws_a", "vis_a", "open", T + 23 * H),
    conversation("conv_2", 2, "ws_a", "vis_a", "open", T + 10 * H),
    conversation("conv_3", 3, "ws_b", "vis_b", "open", T + 1 * H),
    // conv_old arrives answered and closed (an import): both its figures count when it is inserted.
    conversation("conv_old", 4, "ws_a", "vis_a", "closed", T - 2 * DAY + 5 * H, {
      first_reply_at: T - 2 * DAY + 6 * H,
      first_reply_by: "usr_ann",
      resolved_at: T + 5 * H,
      resolved_by: "usr_bob",
    }),
    // conv_tok was answered by a token (no account): it counts under account ''.
    conversation("conv_tok", 5, "ws_b", "vis_b", "open", T + 2 * H, { first_reply_at: T + 2 * H + 30_000, first_reply_by: null }),
  );
  const f = await same();
  expect(cell(f, "ws_a", 19_998, "first_response", "usr_ann")).toEqual({ workspace_id: "ws_a", day: 19_998, kind: "first_response", account_id: "usr_ann", n: 1, total: H });
  expect(cell(f, "ws_a", 19_998, "resolution", "usr_bob")).toMatchObject({ n: 1, total: 2 * DAY });
  expect(cell(f, "ws_b", 20_000, "first_response", "")).toMatchObject({ n: 1, total: 30_000 });
  expect(f.team).toHaveLength(3);
  expect(f.unread).toEqual([]);
});

test("customer messages make open conversations unread for every member; replies, notes and system messages move last_reply_seq", async () => {
  await both(message(1, "conv_1", "ws_a", "customer"), message(2, "conv_3", "ws_b", "customer"));
  let f = await same();
  expect(unreadOf(f, "conv_1")).toEqual(["user:usr_ann", "user:usr_bob"]);
  expect(unreadOf(f, "conv_3")).toEqual(["user:usr_bob"]);
  expect(lastReplyOf(f, "conv_1")).toBeNull();

  await both(message(3, "conv_1", "ws_a", "operator"));
  f = await same();
  expect(lastReplyOf(f, "conv_1")).toBe(3);
  expect(unreadOf(f, "conv_1")).toEqual(["user:usr_ann", "user:usr_bob"]); // a reply is not a seen mark

  await both(message(4, "conv_1", "ws_a", "operator", true)); // an internal note: not for the visitor
  expect(lastReplyOf(await same(), "conv_1")).toBe(3);
  await both(message(5, "conv_1", "ws_a", "system"));
  expect(lastReplyOf(await same(), "conv_1")).toBe(5);
  await both(message(7, "conv_1", "ws_a", "agent"), message(6, "conv_1", "ws_a", "operator")); // a lower seq after a higher one
  expect(lastReplyOf(await same(), "conv_1")).toBe(7);
  await both(message(8, "conv_1", "ws_a", "customer"));
  expect(lastReplyOf(await same(), "conv_1")).toBe(7);

  // messages not the customer's leave a conversation nobody has unread as it is (seqs from 100: out of the story's way)
  await both(message(100, "conv_2", "ws_a", "operator"), message(101, "conv_2", "ws_a", "system"), message(102, "conv_2", "ws_a", "agent", true));
  f = await same();
  expect(unreadOf(f, "conv_2")).toEqual([]);
  expect(lastReplyOf(f, "conv_2")).toBe(101);

  // one statement writing several rows: Postgres runs the row triggers at its end, SQLite row by row.
  await both(messages(messageRow(9, "conv_3", "ws_b", "customer"), messageRow(10, "conv_3", "ws_b", "operator"), messageRow(11, "conv_3", "ws_b", "operator", true), messageRow(12, "conv_3", "ws_b", "customer")));
  f = await same();
  expect(lastReplyOf(f, "conv_3")).toBe(10);
  expect(unreadOf(f, "conv_3")).toEqual(["user:usr_bob"]);
});

test("first replies count on the conversation's start day, across midnight; moving or clearing them moves the figures", async () => {
  // conv_1 started at 23:00 on day 20000; Ann answers at 01:30 the next day.
  await both(`UPDATE conversation SET first_reply_at = ${T + DAY + 1.5 * H}, first_reply_by = 'usr_ann', updated_at = ${T + DAY + 1.5 * H} WHERE id = 'conv_1'`);
  let f = await same();
  expect(cell(f, "ws_a", 20_000, "first_response", "usr_ann")).toMatchObject({ n: 1, total: 2.5 * H });
  expect(cell(f, "ws_a", 20_001, "first_response", "usr_ann")).toBeUndefined();

  await both(`UPDATE conversation SET first_reply_at = ${T + 10 * H + 60_000}, first_reply_by = 'usr_bob' WHERE id = 'conv_2'`);
  // the same values again (no change: the WHEN clause holds the trigger back), and columns the triggers do not watch
  await both(
    `UPDATE conversation SET first_reply_at = ${T + 10 * H + 60_000}, first_reply_by = 'usr_bob', status = 'open', snoozed_until = ${T + 2 * DAY}, updated_at = ${T + 11 * H} WHERE id = 'conv_2'`,
    "UPDATE conversation SET snoozed_until = NULL, waiting_for_team = true WHERE id = 'conv_2'",
  );
  f = await same();
  expect(cell(f, "ws_a", 20_000, "first_response", "usr_bob")).toMatchObject({ n: 1, total: 60_000 });

  // the reply's account changes, then the start moves back over midnight: the figure moves with it, the old cells keep n = 0.
  await both("UPDATE conversation SET first_reply_by = NULL WHERE id = 'conv_2'");
  f = await same();
  expect(cell(f, "ws_a", 20_000, "first_response", "usr_bob")).toMatchObject({ n: 0, total: 0 });
  expect(cell(f, "ws_a", 20_000, "first_response", "")).toMatchObject({ n: 1, total: 60_000 });
  await both(`UPDATE conversation SET created_at = ${T - 1} WHERE id = 'conv_2'`);
  f = await same();
  expect(cell(f, "ws_a", 19_999, "first_response", "")).toMatchObject({ n: 1, total: 10 * H + 60_001 });
  expect(cell(f, "ws_a", 20_000, "first_response", "")).toMatchObject({ n: 0, total: 0 });

  // moved to another workspace
  await both("UPDATE conversation SET workspace_id = 'ws_b' WHERE id = 'conv_2'", "UPDATE conversation SET workspace_id = 'ws_a' WHERE id = 'conv_2'");
  f = await same();
  expect(cell(f, "ws_b", 19_999, "first_response", "")).toMatchObject({ n: 0, total: 0 });
  expect(cell(f, "ws_a", 19_999, "first_response", "")).toMatchObject({ n: 1 });

  // cleared
  await both("UPDATE conversation SET first_reply_at = NULL WHERE id = 'conv_tok'");
  expect(cell(await same(), "ws_b", 20_000, "first_response", "")).toMatchObject({ n: 0, total: 0 });
});

test("times before 1970 fall on the day SQLite's integer division gives (toward zero)", async () => {
  await both(
    conversation("conv_early", 6, "ws_b", "vis_b", "open", -DAY - 1, { first_reply_at: -DAY + 999 }),
    conversation("conv_epoch", 7, "ws_b", "vis_b", "closed", -1, { resolved_at: 5, resolved_by: "usr_bob" }),
  );
  const f = await same();
  // -86400001 / 86400000 is -1 (truncated), not floor's -2; -1 / 86400000 is 0, not -1.
  expect(cell(f, "ws_b", -1, "first_response", "")).toMatchObject({ n: 1, total: 1000 });
  expect(cell(f, "ws_b", 0, "resolution", "usr_bob")).toMatchObject({ n: 1, total: 6 });
});

test("seen marks: a mark at or past the last customer message reads the conversation, whether inserted, upserted or updated", async () => {
  // conv_1 holds customer messages 1 and 8.
  await both(seen("conv_1", "usr_ann", 1), seen("conv_1", "usr_bob", 0));
  let f = await same();
  expect(unreadOf(f, "conv_1")).toEqual(["user:usr_ann", "user:usr_bob"]); // message 8 is past both marks

  await both(seen("conv_1", "usr_ann", 8)); // the upsert's update
  expect(unreadOf(await same(), "conv_1")).toEqual(["user:usr_bob"]);
  await both("UPDATE operator_seen SET message_seq = 5 WHERE conversation_id = 'conv_1' AND operator_ref = 'user:usr_bob'", seen("conv_1", "usr_bob", 3));
  expect(unreadOf(await same(), "conv_1")).toEqual(["user:usr_bob"]);

  await both(message(13, "conv_1", "ws_a", "customer"));
  expect(unreadOf(await same(), "conv_1")).toEqual(["user:usr_ann", "user:usr_bob"]);
  await both(seen("conv_1", "usr_bob", 13), seen("conv_3", "usr_bob", 12), seen("conv_1", "usr_cat", 13));
  f = await same();
  expect(unreadOf(f, "conv_1")).toEqual(["user:usr_ann"]);
  expect(unreadOf(f, "conv_3")).toEqual([]);
});

test("closing drops a conversation's unread rows and counts its resolution; reopening counts again what each member has not seen", async () => {
  await both(message(14, "conv_2", "ws_a", "customer"));
  expect(unreadOf(await same(), "conv_2")).toEqual(["user:usr_ann", "user:usr_bob"]);

  // conv_2 now starts at T - 1 (day 19999); Ann closes it the next day.
  await both(`UPDATE conversation SET status = 'closed', resolved_at = ${T + 2 * H}, resolved_by = 'usr_ann', updated_at = ${T + 2 * H} WHERE id = 'conv_2'`);
  let f = await same();
  expect(unreadOf(f, "conv_2")).toEqual([]);
  expect(cell(f, "ws_a", 19_999, "resolution", "usr_ann")).toMatchObject({ n: 1, total: 2 * H + 1 });

  // a customer writes to the closed conversation, then the widget reopens it (as its service does)
  await both(message(15, "conv_2", "ws_a", "customer"), seen("conv_2", "usr_ann", 14));
  expect(unreadOf(await same(), "conv_2")).toEqual([]);
  await both("UPDATE conversation SET status = 'open', snoozed_until = NULL, resolved_at = NULL, resolved_by = NULL WHERE id = 'conv_2'");
  f = await same();
  expect(unreadOf(f, "conv_2")).toEqual(["user:usr_ann", "user:usr_bob"]); // 15 is past Ann's mark at 14
  expect(cell(f, "ws_a", 19_999, "resolution", "usr_ann")).toMatchObject({ n: 0, total: 0 });

  // closed again by Bob, reopened once Ann has seen everything: only Bob's row comes back
  await both(
    seen("conv_2", "usr_ann", 15),
    `UPDATE conversation SET status = 'closed', resolved_at = ${T + 3 * DAY}, resolved_by = 'usr_bob' WHERE id = 'conv_2'`,
  );
  expect(cell(await same(), "ws_a", 19_999, "resolution", "usr_bob")).toMatchObject({ n: 1, total: 3 * DAY + 1 });
  // who resolved it and when change while it stays closed: the figure moves with each
  await both("UPDATE conversation SET resolved_by = 'usr_ann' WHERE id = 'conv_2'");
  f = await same();
  expect(cell(f, "ws_a", 19_999, "resolution", "usr_bob")).toMatchObject({ n: 0, total: 0 });
  expect(cell(f, "ws_a", 19_999, "resolution", "usr_ann")).toMatchObject({ n: 1, total: 3 * DAY + 1 });
  await both(`UPDATE conversation SET resolved_at = ${T + 3 * DAY + 5} WHERE id = 'conv_2'`);
  expect(cell(await same(), "ws_a", 19_999, "resolution", "usr_ann")).toMatchObject({ n: 1, total: 3 * DAY + 6 });
  // its start moves a day back, and it goes to another workspace and back: the resolution moves with it
  await both(`UPDATE conversation SET created_at = ${T - DAY - 1} WHERE id = 'conv_2'`);
  f = await same();
  expect(cell(f, "ws_a", 19_998, "resolution", "usr_ann")).toMatchObject({ n: 1, total: 4 * DAY + 6 });
  expect(cell(f, "ws_a", 19_999, "resolution", "usr_ann")).toMatchObject({ n: 0, total: 0 });
  await both(`UPDATE conversation SET created_at = ${T - 1} WHERE id = 'conv_2'`, "UPDATE conversation SET workspace_id = 'ws_b' WHERE id = 'conv_2'");
  expect(cell(await same(), "ws_b", 19_999, "resolution", "usr_ann")).toMatchObject({ n: 1, total: 3 * DAY + 6 });
  await both("UPDATE conversation SET workspace_id = 'ws_a' WHERE id = 'conv_2'");
  f = await same();
  expect(cell(f, "ws_b", 19_999, "resolution", "usr_ann")).toMatchObject({ n: 0, total: 0 });
  expect(cell(f, "ws_a", 19_999, "resolution", "usr_ann")).toMatchObject({ n: 1, total: 3 * DAY + 6 });
  await both("UPDATE conversation SET status = 'open', resolved_at = NULL, resolved_by = NULL WHERE id = 'conv_2'");
  f = await same();
  expect(unreadOf(f, "conv_2")).toEqual(["user:usr_bob"]);

  // touching an open conversation as the widget does changes nothing
  await both(`UPDATE conversation SET status = 'open', snoozed_until = NULL, resolved_at = NULL, resolved_by = NULL, updated_at = ${T + 4 * DAY} WHERE id = 'conv_1'`);
  await same();

  // one statement closing several conversations (a token closes them: no account)
  await both("UPDATE conversation SET status = 'closed', resolved_at = created_at + 1000, resolved_by = NULL WHERE workspace_id = 'ws_b' AND status = 'open'");
  f = await same();
  expect(f.unread.filter((r) => r.workspace_id === "ws_b")).toEqual([]);
  expect(cell(f, "ws_b", 20_000, "resolution", "")).toMatchObject({ n: 2, total: 2000 }); // conv_3 and conv_tok
  expect(cell(f, "ws_b", -1, "resolution", "")).toMatchObject({ n: 1, total: 1000 }); // conv_early
});

test("members: a new member starts with what it has not seen; a removed member's rows in that workspace go", async () => {
  // reopen conv_3 in ws_b with a new customer message, so Bob has an unread row outside ws_a
  await both(message(16, "conv_3", "ws_b", "customer"), "UPDATE conversation SET status = 'open', resolved_at = NULL, resolved_by = NULL WHERE id = 'conv_3'");
  expect(unreadOf(await same(), "conv_3")).toEqual(["user:usr_bob"]);

  // Cat saw conv_1 before joining (at 13), so only conv_2 is unread for her
  await both("INSERT INTO membership (user_id, workspace_id, role) VALUES ('usr_cat', 'ws_a', 'operator')");
  let f = await same();
  expect(f.unread.filter((r) => r.operator_ref === "user:usr_cat").map((r) => r.conversation_id)).toEqual(["conv_2"]);

  await both("DELETE FROM membership WHERE user_id = 'usr_bob' AND workspace_id = 'ws_a'");
  f = await same();
  expect(f.unread.filter((r) => r.operator_ref === "user:usr_bob").map((r) => r.conversation_id)).toEqual(["conv_3"]);

  // Bob comes back: his mark on conv_1 (13) still holds, conv_2 he never saw
  await both("INSERT INTO membership (user_id, workspace_id, role) VALUES ('usr_bob', 'ws_a', 'operator')");
  f = await same();
  expect(f.unread.filter((r) => r.operator_ref === "user:usr_bob").map((r) => r.conversation_id).sort()).toEqual(["conv_2", "conv_3"]);

  // a deleted account loses its memberships by cascade, and with them its unread rows
  await both(`DELETE FROM "user" WHERE id = 'usr_cat'`);
  f = await same();
  expect(f.unread.filter((r) => r.operator_ref === "user:usr_cat")).toEqual([]);
});

test("deleting conversations takes their figures out; deleting a workspace takes out all of its own", async () => {
  await both("DELETE FROM conversation WHERE id = 'conv_2'");
  let f = await same();
  expect(unreadOf(f, "conv_2")).toEqual([]);
  expect(cell(f, "ws_a", 19_999, "first_response", "")).toMatchObject({ n: 0, total: 0 });

  await both("DELETE FROM conversation WHERE id = 'conv_old'");
  f = await same();
  expect(cell(f, "ws_a", 19_998, "first_response", "usr_ann")).toMatchObject({ n: 0, total: 0 });
  expect(cell(f, "ws_a", 19_998, "resolution", "usr_bob")).toMatchObject({ n: 0, total: 0 });
  // conv_1 is untouched: Ann's first reply and her unread row are still there
  expect(cell(f, "ws_a", 20_000, "first_response", "usr_ann")).toMatchObject({ n: 1, total: 2.5 * H });
  expect(unreadOf(f, "conv_1")).toEqual(["user:usr_ann"]);

  await both("DELETE FROM workspace WHERE id = 'ws_b'");
  f = await same();
  expect(f.unread.filter((r) => r.workspace_id === "ws_b")).toEqual([]);
  expect(f.team.filter((r) => r.workspace_id === "ws_b" && r.n !== 0)).toEqual([]);
  expect(f.lastReply.map((r) => r.id)).toEqual(["conv_1"]);
});

test("the executable embeds every Postgres migration of drizzle-kit's journal, in its order", () => {
  expect(postgresMigrations).toEqual(journalMigrations());
});
