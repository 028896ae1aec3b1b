// conversationById maps a conversation's values itself (the hottest reads); it must read exactly what drizzle reads.
import { expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { conversations } from "../../db/schema";
import { conversationById } from "../../src/domain/conversations";
import { conversationOf, visitor } from "../helpers/builders";
import { makeApp } from "../helpers/app";

test("a conversation read by conversationById equals drizzle's own row: JSON fields, flags, numbers and nulls alike", async () => {
  const t = await makeApp();
  const v = await visitor(t);
  const plain = await conversationOf(t, v, "A plain one");
  const full = await conversationOf(t, v, "One with everything set");
  await t.store.db
    .update(conversations)
    .set({ fields: { plan: "pro", seats: 3, beta: true }, ticketForm: "bug", ticketFields: { steps: "1. open" }, handler: "team", waitingForTeam: true, operatorStarted: true, snoozedUntil: 1_800_000_000_000, firstReplyAt: 5, firstReplyBy: "usr_x", resolvedAt: 7, resolvedBy: "usr_y", lastReplySeq: 42, kind: "ticket", status: "closed" })
    .where(eq(conversations.id, full))
    .run();
  const read = conversationById(t.store.db);
  for (const id of [plain, full]) {
    const drizzles = await t.store.db.select().from(conversations).where(eq(conversations.id, id)).get();
    expect(await read(id)).toEqual(drizzles!);
  }
  expect(await read(full)).toMatchObject({ fields: { plan: "pro", seats: 3, beta: true }, waitingForTeam: true, operatorStarted: true, status: "closed" });
  expect(await read("conv_missing")).toBeUndefined();
});
