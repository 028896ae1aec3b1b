// Migration 0022: each conversation learns its newest reply (what a visitor can have unread), and a trigger keeps it.
import { expect, test } from "bun:test";
import { migratedUpTo } from "../helpers/migrations";

test("migrating finds each conversation's newest public reply; new replies move it, customer messages and notes do not", () => {
  const { store, exec, all, migrateRest } = migratedUpTo("0022_last_reply");
  exec("INSERT INTO workspace (id, name, settings, created_at) VALUES ('ws_a', 'Acme', '{}', 1)");
  exec("INSERT INTO visitor (id, workspace_id, token_hash, created_at, last_seen_at) VALUES ('vis_a', 'ws_a', 'h', 1, 1)");
  for (const [id, seq] of [["conv_a", 1], ["conv_b", 2], ["conv_c", 3]] as const) {
    exec(`INSERT INTO conversation (id, seq, workspace_id, visitor_id, kind, status, created_at, updated_at) VALUES ('${id}', ${seq}, 'ws_a', 'vis_a', 'chat', 'open', 1, 1)`);
  }
  const message = (seq: number, conversation: string, kind: string, internal = 0) =>
    exec(`INSERT INTO message (seq, id, conversation_id, workspace_id, author_kind, internal, body, created_at) VALUES (${seq}, 'msg_${seq}', '${conversation}', 'ws_a', '${kind}', ${internal}, 'text', ${seq})`);
  message(1, "conv_a", "customer");
  message(2, "conv_a", "operator");
  message(3, "conv_a", "agent");
  message(4, "conv_a", "customer");
  message(5, "conv_a", "operator", 1);
  message(6, "conv_b", "customer");
  message(7, "conv_c", "system");
  migrateRest();
  const last = () => all("SELECT id, last_reply_seq FROM conversation ORDER BY seq");
  expect(last()).toEqual([
    { id: "conv_a", last_reply_seq: 3 },
    { id: "conv_b", last_reply_seq: null },
    { id: "conv_c", last_reply_seq: 7 },
  ]);
  message(8, "conv_b", "customer");
  message(9, "conv_b", "operator", 1);
  message(10, "conv_a", "customer");
  expect(last()).toEqual([
    { id: "conv_a", last_reply_seq: 3 },
    { id: "conv_b", last_reply_seq: null },
    { id: "conv_c", last_reply_seq: 7 },
  ]);
  message(11, "conv_b", "operator");
  message(12, "conv_a", "agent");
  expect(last()).toEqual([
    { id: "conv_a", last_reply_seq: 12 },
    { id: "conv_b", last_reply_seq: 11 },
    { id: "conv_c", last_reply_seq: 7 },
  ]);
  store.close();
});
