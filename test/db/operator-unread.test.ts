// Migration 0020: each member starts with the open conversations holding customer messages past what it has seen.
import { expect, test } from "bun:test";
import { migratedUpTo } from "../helpers/migrations";

test("migrating counts, per member, the open conversations with customer messages it has not seen; closed and seen ones are left out", () => {
  const { store, exec, all, migrateRest } = migratedUpTo("0020_operator_unread");
  exec("INSERT INTO workspace (id, name, settings, created_at) VALUES ('ws_a', 'Acme', '{}', 1), ('ws_b', 'Globex', '{}', 1)");
  exec("INSERT INTO user (id, email, name, password_hash, created_at) VALUES ('usr_ann', 'ann@acme.test', 'Ann', 'x', 1), ('usr_bob', 'bob@acme.test', 'Bob', 'x', 1)");
  exec("INSERT INTO membership (user_id, workspace_id, role) VALUES ('usr_ann', 'ws_a', 'owner'), ('usr_bob', 'ws_a', 'operator'), ('usr_bob', 'ws_b', 'owner')");
  exec("INSERT INTO visitor (id, workspace_id, token_hash, created_at, last_seen_at) VALUES ('vis_a', 'ws_a', 'h1', 1, 1), ('vis_b', 'ws_b', 'h2', 1, 1)");
  const conversation = (id: string, seq: number, ws: string, visitor: string, status: string) =>
    exec(`INSERT INTO conversation (id, seq, workspace_id, visitor_id, kind, status, created_at, updated_at) VALUES ('${id}', ${seq}, '${ws}', '${visitor}', 'chat', '${status}', 1, 1)`);
  conversation("conv_new", 1, "ws_a", "vis_a", "open"); // a customer message nobody has seen
  conversation("conv_seen", 2, "ws_a", "vis_a", "open"); // Ann has seen it; Bob has not
  conversation("conv_answered", 3, "ws_a", "vis_a", "open"); // only an operator's message
  conversation("conv_closed", 4, "ws_a", "vis_a", "closed"); // unseen, but closed
  conversation("conv_globex", 5, "ws_b", "vis_b", "open"); // another workspace: Bob only
  const message = (seq: number, conv: string, ws: string, kind: string) =>
    exec(`INSERT INTO message (seq, id, conversation_id, workspace_id, author_kind, internal, body, created_at) VALUES (${seq}, 'msg_${seq}', '${conv}', '${ws}', '${kind}', 0, 'text', ${seq})`);
  message(1, "conv_new", "ws_a", "customer");
  message(2, "conv_seen", "ws_a", "customer");
  message(3, "conv_answered", "ws_a", "operator");
  message(4, "conv_closed", "ws_a", "customer");
  message(5, "conv_globex", "ws_b", "customer");
  exec("INSERT INTO operator_seen (conversation_id, operator_ref, message_seq) VALUES ('conv_seen', 'user:usr_ann', 2)");
  migrateRest();
  expect(all("SELECT conversation_id, operator_ref, workspace_id FROM operator_unread ORDER BY operator_ref, conversation_id")).toEqual([
    { conversation_id: "conv_new", operator_ref: "user:usr_ann", workspace_id: "ws_a" },
    { conversation_id: "conv_globex", operator_ref: "user:usr_bob", workspace_id: "ws_b" },
    { conversation_id: "conv_new", operator_ref: "user:usr_bob", workspace_id: "ws_a" },
    { conversation_id: "conv_seen", operator_ref: "user:usr_bob", workspace_id: "ws_a" },
  ]);
  store.close();
});
