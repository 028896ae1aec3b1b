// Inbox cursors are opaque per workspace: they never carry the server-wide conversation counter.
import { expect, test } from "bun:test";
import { sql } from "drizzle-orm";
import { ENGINE } from "../../helpers/app";
import { conversationOf, visitor } from "../../helpers/builders";
import { asToken, makeAdminWorld } from "./fixture";

test("a cursor tells nothing of how many conversations other workspaces have, and still pages", async () => {
  const w = await makeAdminWorld();
  // another workspace has been busy: the server-wide counter stands at a number easy to spot
  await w.t.store.db.run(sql`update conversation set seq = 987654320 where id = ${w.convC}`);
  // note: on Postgres the counter is a sequence (db/pg/migrations/0002_conversation_seq.sql), moved the same way.
  if (ENGINE === "postgres") await w.t.store.db.run(sql`select setval('conversation_seq', 987654320)`);
  w.t.clock.advance(1_000);
  const newer = await conversationOf(w.t, await visitor(w.t), "newer question");
  const seq = ((await w.t.store.db.all(sql`select seq from conversation where id = ${newer}`))[0] as { seq: number }).seq;
  expect(seq).toBe(987654321);
  const first = await w.t.admin({ path: `/api/admin/conversations?workspace=${w.acme}&limit=1` });
  expect(first.json.conversations[0].id).toBe(newer);
  const cursor: string = first.json.nextCursor;
  expect(cursor).not.toContain("987654321");
  expect(atob(cursor)).not.toContain("987654321");
  const second = await w.t.admin({ path: `/api/admin/conversations?workspace=${w.acme}&limit=1&after=${cursor}` });
  expect(second.json.conversations.map((c: any) => c.id)).toEqual([w.convA]);
});

test("a cursor naming another workspace's conversation tells nothing of it: it pages as one naming no conversation", async () => {
  const w = await makeAdminWorld();
  const cursorOf = (id: string) => btoa(`i0.${Date.parse("2030-01-01")}.${id}`).replace(/=+$/, "");
  const page = async (id: string) => {
    const r = await w.t.call(asToken(w.globexToken, { path: `/api/admin/conversations?after=${cursorOf(id)}` }));
    return [r.status, r.json.conversations.map((c: any) => c.id)];
  };
  expect(await page(w.convA)).toEqual(await page("cnv_none"));
  expect(await page(w.convA)).toEqual([200, [w.convC]]);
});

test("the next page still comes when the last conversation shown was erased meanwhile", async () => {
  const w = await makeAdminWorld();
  w.t.clock.advance(1_000);
  const v = await visitor(w.t);
  const newest = await conversationOf(w.t, v, "erase me");
  const first = await w.t.admin({ path: `/api/admin/conversations?workspace=${w.acme}&limit=1` });
  expect(first.json.conversations.map((c: any) => c.id)).toEqual([newest]);
  expect((await w.t.admin({ method: "DELETE", path: `/api/admin/visitors/${v.id}` })).status).toBe(204);
  const next = await w.t.admin({ path: `/api/admin/conversations?workspace=${w.acme}&limit=1&after=${first.json.nextCursor}` });
  expect([next.status, next.json.conversations.map((c: any) => c.id)]).toEqual([200, [w.convA]]);
});
