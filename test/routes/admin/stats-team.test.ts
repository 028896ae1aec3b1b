// Stats' team figures: first-response and resolution times of conversations started in the range,
// for the workspace and per operator; a token's replies count for the workspace only.
import { expect, test } from "bun:test";
import { conversationOf, send, visitor } from "../../helpers/builders";
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
