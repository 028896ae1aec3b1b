// Events are kept --events-retention-days (400 by default) and pruned in batches that yield to the event loop.
import { expect, test } from "bun:test";
import { events } from "../../db/schema";
import { loadConfig } from "../../src/config";
import { pruneEvents } from "../../src/domain/retention";
import { platform } from "../helpers/platform";

const { openStore } = platform;

const DAY = 86_400_000;
const NOW = Date.parse("2026-11-24T12:00:00Z");

async function storeWith(ages: number[]) {
  const store = openStore(":memory:");
  await store.write(async (tx) => {
    for (let i = 0; i < ages.length; i += 500) {
      await tx.insert(events).values(ages.slice(i, i + 500).map((age) => ({ workspaceId: "ws", visitorId: "v", type: "widget_open", at: NOW - age * DAY }))).run();
    }
  });
  return store;
}
const left = async (store: Awaited<ReturnType<typeof storeWith>>) => (await store.db.select({ at: events.at }).from(events).all()).map((r) => Math.round((NOW - r.at) / DAY));

test("events older than the retention go; newer ones stay", async () => {
  // stored oldest first, as they arrive
  const ages = [...Array(2_500).fill(500), ...Array(1_000).fill(401), ...Array(500).fill(399), ...Array(300).fill(3)];
  const store = await storeWith(ages);
  expect(await pruneEvents(store, NOW, 400, 700)).toBe(3_500);
  expect((await left(store)).sort((a, b) => a - b)).toEqual([...Array(300).fill(3), ...Array(500).fill(399)]);
  expect(await pruneEvents(store, NOW, 400, 700)).toBe(0);
});

test("pruning yields between batches: a timer set before it runs fires before it ends", async () => {
  const store = await storeWith(Array(3_000).fill(800));
  let fired = false;
  setTimeout(() => (fired = true), 0);
  let firedBeforeEnd = false;
  await pruneEvents(store, NOW, 400, 500).then(() => (firedBeforeEnd = fired));
  expect(firedBeforeEnd).toBe(true);
  expect(await left(store)).toEqual([]);
});

test("the retention is set by --events-retention-days (default 400)", () => {
  expect(loadConfig({}, {}).eventsRetentionDays).toBe(400);
  expect(loadConfig({ "events-retention-days": "30" }, {}).eventsRetentionDays).toBe(30);
  expect(loadConfig({}, { WOES_EVENTS_RETENTION_DAYS: "90" }).eventsRetentionDays).toBe(90);
});
