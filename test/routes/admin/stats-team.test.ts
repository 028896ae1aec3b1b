// Stats' team figures: first-response and resolution times of conversations started in the range,
// for the workspace and per operator; a token's replies count for the workspace only; a conversation an
// operator started has no first response.
import { expect, test } from "bun:test";
import { as, conversationOf, send, visitor } from "../../helpers/builders";
import { migratedUpTo } from "../../helpers/migrations";
import { asToken, asUser, makeAdminWorld } from "./fixture";

test("first response and resolution times, per operator and overall", async () => {
  const w = await makeAdminWorld();
  const conv = (id: string, rest = "") => `/api/admin/conversations/${id}${rest}`;
  const b = await conversationOf(w.t, await visitor(w.t), "Second question");
  w.t.clock.advance(90_000);
  await w.t.call(asUser(w.operator, { path: conv(w.convA, "/messages"), body: { body: "Hello Ada" } }));
  await w.t.call(asUser(w.owner, { path: conv(w.convA, "/messages"), body: { body: "A second reply does not count" } }));
  w.t.clock.advance(30_000);
  await w.t.call(asToken(w.t.adminToken, { path: conv(b, "/messages"), body: { body: "From a script" } }));
  await w.t.call(asUser(w.operator, { path: conv(w.convA, "/messages"), body: { body: "note", internal: true } }));
  w.t.clock.advance(480_000);
  await w.t.call(asUser(w.owner, { path: conv(w.convA, "/close"), method: "POST" }));
  const stats = await w.t.call(asUser(w.owner, { path: `/api/admin/stats?workspace=${w.acme}` }));
  expect(stats.status).toBe(200);
  expect(stats.json.team).toEqual({
    firstResponse: { count: 2, averageSeconds: 105 },
    resolution: { count: 1, averageSeconds: 600 },
    operators: [
      { id: w.owner.id, name: "Olive", firstResponses: 0, firstResponseSeconds: null, resolved: 1, resolutionSeconds: 600 },
      { id: w.operator.id, name: "Opal", firstResponses: 1, firstResponseSeconds: 90, resolved: 0, resolutionSeconds: null },
    ],
  });
  // note: a customer message reopens the conversation: it is no longer resolved.
  await send(w.t, w.a, { conversationId: w.convA, body: "One more thing" });
  const after = await w.t.call(asUser(w.owner, { path: `/api/admin/stats?workspace=${w.acme}` }));
  expect(after.json.team.resolution).toEqual({ count: 0, averageSeconds: null });
});

test("the daily roll-up and the partial days agree, and an erased visitor's conversations leave the figures", async () => {
  const w = await makeAdminWorld();
  const b = await visitor(w.t);
  const convB = await conversationOf(w.t, b, "A question from Bea");
  w.t.clock.advance(60_000);
  for (const id of [w.convA, convB]) await w.t.call(asUser(w.operator, { path: `/api/admin/conversations/${id}/messages`, body: { body: "Hello" } }));
  w.t.clock.advance(60_000);
  for (const id of [w.convA, convB]) await w.t.call(asUser(w.operator, { path: `/api/admin/conversations/${id}/close`, method: "POST" }));
  const day = new Date(w.t.clock.now()).toISOString().slice(0, 10);
  const team = async (range: string) => (await w.t.call(asUser(w.owner, { path: `/api/admin/stats?workspace=${w.acme}&${range}` }))).json.team;
  // note: whole days read team_daily; a range starting mid-day reads that day's conversations.
  const whole = await team(`from=${day}&to=${day}`);
  expect(whole.resolution.count).toBe(2);
  expect(whole.firstResponse.count).toBe(2);
  expect(await team(`from=${day}T00:00:01Z&to=${day}T23:59:59Z`)).toEqual(whole);
  expect((await w.t.admin({ method: "DELETE", path: `/api/admin/visitors/${b.id}` })).status).toBe(204);
  const left = await team(`from=${day}&to=${day}`);
  expect([left.firstResponse.count, left.resolution.count, left.operators[0].firstResponses, left.operators[0].resolved]).toEqual([1, 1, 1, 1]);
});

test("a conversation an operator starts is no first reply: the usual reply time and the first-response figures leave it out", async () => {
  const w = await makeAdminWorld();
  const b = await visitor(w.t);
  const convB = await conversationOf(w.t, b, "Where is my parcel?");
  w.t.clock.advance(2 * 3_600_000);
  await w.t.call(asUser(w.operator, { path: `/api/admin/conversations/${convB}/messages`, body: { body: "On its way" } }));
  for (const name of ["Cleo", "Dan"]) {
    const v = await visitor(w.t, { identity: { name } });
    expect((await w.t.call(as(v, { path: "/api/widget/presence", body: { state: "active", page: { url: "https://shop.example/sizes" } } }))).status).toBeLessThan(300);
    const started = await w.t.call(asUser(w.operator, { path: `/api/admin/contacts/${v.id}/conversations`, body: { body: "Can I help you find a size?" } }));
    expect(started.status).toBe(201);
    w.t.clock.advance(600_000);
    await send(w.t, v, { conversationId: started.json.conversationId, body: "Yes please, a medium" });
    w.t.clock.advance(60_000);
    await w.t.call(asUser(w.operator, { path: `/api/admin/conversations/${started.json.conversationId}/messages`, body: { body: "Here it is" } }));
  }
  // note: the operators' own openings would be two 0 s replies against one of two hours: "minutes".
  expect((await w.t.session({})).json.settings.availability).toEqual({ online: false, replyTime: "hours" });
  const day = new Date(w.t.clock.now()).toISOString().slice(0, 10);
  const team = async (range: string) => (await w.t.call(asUser(w.owner, { path: `/api/admin/stats?workspace=${w.acme}&${range}` }))).json.team;
  // note: whole days read the team_daily roll-up; a range starting mid-day reads the conversations.
  for (const range of [`from=${day}&to=${day}`, `from=${day}T00:00:01Z&to=${day}T23:59:59Z`]) {
    const figures = await team(range);
    expect(figures.firstResponse).toEqual({ count: 1, averageSeconds: 7200 });
    expect(figures.operators.find((o: any) => o.id === w.operator.id)).toMatchObject({ firstResponses: 1, firstResponseSeconds: 7200 });
  }
});

test("migrating a database with operator-started conversations takes their first replies out of the roll-up", () => {
  const { store, exec, all, migrateRest } = migratedUpTo("0018_operator_started");
  exec("INSERT INTO workspace (id, name, settings) VALUES ('ws_a', 'A', '{}')");
  exec("INSERT INTO visitor (id, workspace_id, token_hash) VALUES ('vis_a', 'ws_a', 'h')");
  const day = Date.parse("2026-11-20T00:00:00Z");
  // note: the customer asks and is answered after 60 s; the operator opens the other, and answers the customer's reply 11 min on.
  const plan = [
    ["conv_asked", 1, [["customer", 0], ["operator", 60_000]]],
    ["conv_opened", 2, [["operator", 0], ["customer", 600_000], ["operator", 660_000]]],
  ] as const;
  for (const [id, seq, said] of plan) {
    exec(`INSERT INTO conversation (id, seq, workspace_id, visitor_id, kind, status, first_reply_at, first_reply_by, created_at, updated_at) VALUES ('${id}', ${seq}, 'ws_a', 'vis_a', 'chat', 'open', ${day + said.at(-1)![1]}, 'usr_o', ${day}, ${day})`);
    for (const [i, [kind, after]] of said.entries()) exec(`INSERT INTO message (id, conversation_id, workspace_id, author_kind, body, created_at) VALUES ('msg_${id}_${i}', '${id}', 'ws_a', '${kind}', 'hi', ${day + after})`);
  }
  expect(all("SELECT n, total FROM team_daily WHERE kind = 'first_response'")).toEqual([{ n: 2, total: 720_000 }]);
  migrateRest();
  expect(all("SELECT id, operator_started, first_reply_at FROM conversation ORDER BY seq")).toEqual([
    { id: "conv_asked", operator_started: 0, first_reply_at: day + 60_000 },
    { id: "conv_opened", operator_started: 1, first_reply_at: null },
  ]);
  expect(all("SELECT n, total FROM team_daily WHERE kind = 'first_response'")).toEqual([{ n: 1, total: 60_000 }]);
  store.close();
});
