// Migration 0023: conversations still assigned to someone who is no longer a member of their workspace go back to
// Unassigned; those of current members (in the right workspace) keep their assignee.
import { expect, test } from "bun:test";
import { migratedUpTo } from "../helpers/migrations";

test("migrating unassigns the conversations of former members only", () => {
  const { exec, all, migrateRest } = migratedUpTo("0023_unassign_former_members");
  exec("INSERT INTO workspace (id, name, settings, created_at) VALUES ('ws_a', 'Acme', '{}', 1), ('ws_b', 'Globex', '{}', 1)");
  exec("INSERT INTO visitor (id, workspace_id, token_hash, created_at, last_seen_at) VALUES ('vis_a', 'ws_a', 'h', 1, 1)");
  exec("INSERT INTO user (id, email, name, password_hash) VALUES ('usr_kept', 'k@x.test', 'Kept', 'x'), ('usr_gone', 'g@x.test', 'Gone', 'x'), ('usr_other', 'o@x.test', 'Other', 'x')");
  exec("INSERT INTO membership (user_id, workspace_id, role) VALUES ('usr_kept', 'ws_a', 'operator'), ('usr_other', 'ws_b', 'operator')");
  const assigned = [
    ["conv_kept", "usr_kept"],
    ["conv_gone", "usr_gone"],
    ["conv_other", "usr_other"],
    ["conv_none", null],
  ] as const;
  assigned.forEach(([id, user], i) =>
    exec(`INSERT INTO conversation (id, seq, workspace_id, visitor_id, kind, status, created_at, updated_at, assignee_id) VALUES ('${id}', ${i + 1}, 'ws_a', 'vis_a', 'chat', 'open', 1, 1, ${user ? `'${user}'` : "NULL"})`),
  );
  migrateRest();
  expect(all("SELECT id, assignee_id FROM conversation ORDER BY seq")).toEqual([
    { id: "conv_kept", assignee_id: "usr_kept" },
    { id: "conv_gone", assignee_id: null },
    { id: "conv_other", assignee_id: null },
    { id: "conv_none", assignee_id: null },
  ]);
});
