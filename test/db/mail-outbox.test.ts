// Migration 0021: reset links made before it keep working and are not mailed again; notices start with none kept.
import { expect, test } from "bun:test";
import { migratedUpTo } from "../helpers/migrations";

test("migrating leaves every reset link as it was, with no mail pending, and an empty notice table", () => {
  const { store, exec, all, migrateRest } = migratedUpTo("0021_mail_outbox");
  exec("INSERT INTO user (id, email, name, password_hash, created_at) VALUES ('usr_a', 'ann@acme.test', 'Ann', 'x', 1)");
  exec("INSERT INTO password_reset (token_hash, user_id, created_at, expires_at) VALUES ('h1', 'usr_a', 1, 3600001)");
  migrateRest();
  expect(all("SELECT token_hash, expires_at, used_at, mail_due_at, mail_attempts FROM password_reset")).toEqual([
    { token_hash: "h1", expires_at: 3600001, used_at: null, mail_due_at: null, mail_attempts: 0 },
  ]);
  expect(all("SELECT * FROM mail_notice")).toEqual([]);
  store.close();
});
