// Reads over a list of conversations run statements prepared once over 100 slots; a longer list is read in chunks.
import { expect, test } from "bun:test";
import { lastMessages } from "../../src/domain/conversations";
import { SLOTS } from "../../src/lib/slots";
import { ConversationTags } from "../../src/routes/admin/conversations/tags";
import { SeenMarks } from "../../src/routes/admin/conversations/seen";
import { conversationOf, plant, send, visitor } from "../helpers/builders";
import { makeApp } from "../helpers/app";

test("last messages, unread counts and tags of more conversations than one chunk holds: each conversation its own", async () => {
  const t = await makeApp({ config: { limits: { conversationsPerHour: 1000, messagesPerMinute: 1000 } } });
  const v = await visitor(t);
  const ids: string[] = [];
  for (let i = 0; i < SLOTS + 30; i++) ids.push(await conversationOf(t, v, `question ${i}`));
  const other = await conversationOf(t, v, "not asked about");
  for (const [i, id] of ids.entries()) {
    await plant(t, id, { body: `reply ${i}` });
    if (i % 2) await plant(t, id, { body: `note ${i}`, internal: true });
    if (i % 3 === 0) await send(t, v, { conversationId: id, body: `follow-up ${i}` });
  }
  const tags = new ConversationTags(t.store.db);
  await t.store.write(async (tx) => {
    for (const [i, id] of ids.entries()) await tags.replace(tx, id, t.ws.workspace.id, [`tag-${i}`, "all"]);
    await tags.replace(tx, other, t.ws.workspace.id, ["other"]);
  });

  const forOperators = await lastMessages(t.store.db, ids, { internal: true });
  const forVisitors = await lastMessages(t.store.db, ids, { internal: false });
  expect(forOperators.size).toBe(ids.length);
  expect(forVisitors.has(other)).toBe(false);
  for (const [i, id] of ids.entries()) {
    const follow = i % 3 === 0 ? `follow-up ${i}` : undefined;
    expect(forOperators.get(id)!.body).toBe(follow ?? (i % 2 ? `note ${i}` : `reply ${i}`));
    expect(forVisitors.get(id)!.body).toBe(follow ?? `reply ${i}`);
  }

  const unread = await new SeenMarks(t.store.db).unread("token:tok_test", ids);
  expect(unread.size).toBe(ids.length);
  for (const [i, id] of ids.entries()) expect(unread.get(id)).toBe(i % 3 === 0 ? 2 : 1);

  const tagged = await tags.of(ids);
  expect(tagged.size).toBe(ids.length);
  for (const [i, id] of ids.entries()) expect(tagged.get(id)).toEqual(["all", `tag-${i}`].sort());
});
