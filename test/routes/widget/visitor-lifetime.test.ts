// A visitor token ends 90 days (--visitor-token-days) after its last session: then 401, and the widget starts fresh.
import { expect, test } from "bun:test";
import { loadConfig } from "../../../src/config";
import { as, conversationOf, expectError, makeWorld, visitor } from "../../helpers/builders";

const DAY = 86_400_000;

test("an unused token expires: widget routes answer 401 and a session starts a new visitor", async () => {
  const w = await makeWorld();
  const conv = await conversationOf(w.t, w.a);
  w.t.clock.advance(91 * DAY);
  expectError(await w.t.call(as(w.a, { path: `/api/widget/messages?conversation=${conv}` })), 401, "visitor_unauthorized");
  expectError(await w.t.call(as(w.a, { path: "/api/widget/messages", body: { body: "still me?" } })), 401, "visitor_unauthorized");
  const fresh = await visitor(w.t, { token: w.a.token });
  expect(fresh.token).not.toBe(w.a.token);
  expect(fresh.id).not.toBe(w.a.id);
  expect(fresh.session.conversations).toEqual([]);
});

test("every session moves the lifetime on, so a returning visitor keeps its token", async () => {
  const w = await makeWorld();
  for (let i = 0; i < 4; i++) {
    w.t.clock.advance(80 * DAY);
    expect((await visitor(w.t, { token: w.a.token })).token).toBe(w.a.token);
  }
  expect((await w.t.call(as(w.a, { path: "/api/widget/presence", body: { state: "active" } }))).status).toBe(200);
});

test("the lifetime is set by --visitor-token-days", async () => {
  expect(loadConfig({ "visitor-token-days": "7" }, {}).visitorTokenDays).toBe(7);
  expect(loadConfig({}, { WOES_VISITOR_TOKEN_DAYS: "30" }).visitorTokenDays).toBe(30);
  expect(loadConfig({}, {}).visitorTokenDays).toBe(90);
  const w = await makeWorld({ config: { visitorTokenDays: 7 } });
  w.t.clock.advance(8 * DAY);
  expectError(await w.t.call(as(w.a, { path: "/api/widget/presence", body: { state: "active" } })), 401, "visitor_unauthorized");
});
