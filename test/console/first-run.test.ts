// The first run prints a one-time setup link that creates the owner; later starts remind while nobody did, without
// a link (only `woes account setup-link` makes another).
import { expect, test } from "bun:test";
import { invites } from "../../db/schema";
import { accountSetupLink, firstRun, ownerReminder } from "../../src/cli/commands";
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
  const reminder = (await ownerReminder(store))!;
  expect(reminder).toContain("woes account setup-link");
  expect(reminder).not.toMatch(/setup\/|[0-9A-Za-z]{32}/);
  expect(await store.db.select().from(invites).all()).toHaveLength(1);
  const again = await accountSetupLink(store, "https://chat.example.com/", Date.now());
  expect(again.text).toMatch(/https:\/\/chat\.example\.com\/admin\/setup\/[0-9A-Za-z]{32}/);
  expect(await store.db.select().from(invites).all()).toHaveLength(2);
});

test("ownerReminder is silent once an owner exists", async () => {
  const t = await makeConsole();
  await t.call({ path: "/api/console/setup", body: { token: t.setupToken, name: "O", email: "o@example.com", password: PASSWORD } });
  expect(await ownerReminder(t.store)).toBeNull();
  await expect(accountSetupLink(t.store, undefined, t.clock.now())).rejects.toThrow(/owner already/);
});
