// The first run prints a one-time setup link that creates the owner; every later start prints a fresh one while
// nobody has set up the console (CONTRACT §6b), and `woes account setup-link` makes another.
import { expect, test } from "bun:test";
import { invites } from "../../db/schema";
import { accountSetupLink, firstRun, ownerSetup } from "../../src/cli/commands";
import { sha256Hex } from "../../src/lib/crypto";
import { platform } from "../helpers/platform";
import { makeConsole, PASSWORD } from "./fixture";

test("firstRun prints a setup link under the console address, stored only as a hash", async () => {
  const store = platform.openStore(":memory:");
  const out = await firstRun(store, "https://chat.example.com", Date.now());
  const link = /(https:\/\/chat\.example\.com\/admin\/setup\/([0-9A-Za-z]{32}))/.exec(out.text);
  expect(link).not.toBeNull();
  const rows = await store.db.select().from(invites).all();
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({ kind: "setup", role: "owner", tokenHash: await sha256Hex(link![2]!), usedAt: null });
  expect(JSON.stringify(rows)).not.toContain(link![2]!);
  const later = (await ownerSetup(store, "https://chat.example.com", Date.now()))!;
  const fresh = /https:\/\/chat\.example\.com\/admin\/setup\/([0-9A-Za-z]{32})/.exec(later);
  expect(fresh![1]).not.toBe(link![2]);
  expect(await store.db.select().from(invites).all()).toHaveLength(2);
  const again = await accountSetupLink(store, "https://chat.example.com", Date.now());
  expect(again.text).toMatch(/https:\/\/chat\.example\.com\/admin\/setup\/[0-9A-Za-z]{32}/);
  expect(await store.db.select().from(invites).all()).toHaveLength(3);
});

test("once an owner exists, a start prints no setup link and setup-link is refused", async () => {
  const t = await makeConsole();
  await t.call({ path: "/api/console/setup", body: { token: t.setupToken, name: "O", email: "o@example.com", password: PASSWORD } });
  expect(await ownerSetup(t.store, "https://chat.example.com", t.clock.now())).toBeNull();
  await expect(accountSetupLink(t.store, "https://chat.example.com", t.clock.now())).rejects.toThrow(/owner already/);
});
