// What a write announces on the hub (a message, a status change) is heard once that write committed, never when it
// rolled back: the app's hub delivers through the store's whenCommitted.
import { expect, test } from "bun:test";
import { makeApp } from "../helpers/app";

test("an event published inside a write is heard once the write committed, and never when it rolled back", async () => {
  const t = await makeApp();
  const heard: string[] = [];
  t.ctx.hub.subscribe<string>("t", (e) => heard.push(e));
  await expect(
    t.ctx.store.write(async () => {
      t.ctx.hub.publish("t", "rolled back");
      throw new Error("the write failed");
    }),
  ).rejects.toThrow("the write failed");
  const during: string[][] = [];
  await t.ctx.store.write(async () => {
    t.ctx.hub.publish("t", "landed");
    during.push([...heard]);
  });
  expect(during).toEqual([[]]);
  expect(heard).toEqual(["landed"]);
  // note: outside a write, at once.
  t.ctx.hub.publish("t", "now");
  expect(heard).toEqual(["landed", "now"]);
});
